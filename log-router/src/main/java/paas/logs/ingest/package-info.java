/**
 * Turning raw bytes and long texts into lines of bounded size: used by this module's ingest, and
 * by the platform wherever else it turns a process's output into lines (one-off dynos).
 */
package paas.logs.ingest;
