/**
 * In-memory buffers: the per-app ring with its subscribers ({@link paas.logs.buffer.AppLog}),
 * the per-reader bounded queue that drops and counts ({@link paas.logs.buffer.LineQueue}),
 * and the L10/L11 notices ({@link paas.logs.buffer.Overflow}). Internal to the module.
 */
package paas.logs.buffer;
