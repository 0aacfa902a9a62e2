/**
 * The process manager: runs each release's process types as dynos in the amounts the formation
 * asks for.
 *
 * <p>The public face is {@link paas.process.Runtime} (start, signal, list, remove, run: one
 * dyno at a time, in the runtime's own terms) and {@link paas.process.Reconciler} (makes the
 * running dynos equal the {@link paas.process.Formation} of each app's current release, and
 * reports through {@link paas.process.RouteListener} and {@link paas.process.DynoEventListener}).
 * Adapters: {@code paas.process.docker} (containers) and {@code paas.process.local} (child
 * processes), with what they do alike in {@code paas.process.adapter}. Slugs are unpacked by {@code paas.process.slug.SlugExtractor}.
 */
package paas.process;
