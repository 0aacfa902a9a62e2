/** Logplex-style HTTPS batches ({@code application/logplex-1}) through the JDK's HttpClient. */
package paas.logs.drain.https;
