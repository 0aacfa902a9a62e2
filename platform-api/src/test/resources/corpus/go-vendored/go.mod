module github.com/acme/hello-go

go 1.22

require example.com/greeting v1.0.0
