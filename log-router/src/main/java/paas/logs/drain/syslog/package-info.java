/** RFC 5424 over RFC 6587 octet counting, on TCP or TLS sockets. */
package paas.logs.drain.syslog;
