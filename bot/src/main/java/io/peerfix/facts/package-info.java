/**
 * What peerfix observes, as plain values, and the narrow ports through which it observes it.
 *
 * <p>Probes, agents, the lab and the Kubernetes adapters produce these values; the diagnosis
 * consumes them. Pure: no I/O here, only the shapes and the interfaces that the edges implement.
 */
package io.peerfix.facts;
