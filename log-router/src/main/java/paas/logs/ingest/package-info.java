/** Turning raw bytes and long texts into lines of bounded size. Internal to the module. */
package paas.logs.ingest;
