"""A WSGI app in the shape of a Flask one: one module, served by gunicorn."""
import os

from greeting import greet


def app(environ, start_response):
    if environ.get("PATH_INFO", "/") != "/":
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    body = (greet(os.environ.get("DYNO", "local")) + "\n").encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
