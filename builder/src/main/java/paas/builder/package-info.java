/**
 * The builder: receives git pushes, runs buildpacks in a build container and produces
 * immutable slugs. Its work arrives with the builder issue.
 */
package paas.builder;
