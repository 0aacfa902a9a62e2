/**
 * The process manager: runs each release's process types as dynos in the amounts the
 * formation asks for. Its work arrives with the process-manager issue.
 */
package paas.process;
