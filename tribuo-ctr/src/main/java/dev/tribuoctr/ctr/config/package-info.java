/**
 * Reading OLCUT configurations as untrusted input: {@link dev.tribuoctr.ctr.config.SafeConfigurations} installs a
 * screened XML reader for every {@code ConfigurationManager} of the JVM (no DOCTYPE or external entities, no Java
 * deserialization, no remote components, include cycles named, size bounded).
 */
package dev.tribuoctr.ctr.config;
