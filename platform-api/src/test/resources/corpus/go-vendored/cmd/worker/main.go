// Command worker does background work: here it logs a greeting once a second.
package main

import (
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/greeting"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			log.Println(greeting.For(os.Getenv("DYNO")))
		case <-stop:
			log.Println("worker stopping")
			return
		}
	}
}
