/**
 * What the two runtime adapters ({@code paas.process.docker}, {@code paas.process.local}) do
 * the same way, defined once: how a dyno's process is started under Heroku's contract
 * ({@link paas.process.adapter.DynoLaunch}) and how exits reach the listeners
 * ({@link paas.process.adapter.ExitListeners}).
 */
package paas.process.adapter;
