/**
 * Tribuo CTR on Apache Spark: the leave-last-out data protocol of design §5 (docs/design/protocols.md) as a Spark
 * job that yields exactly the instances of the single-machine {@link dev.tribuoctr.ctr.data.LeaveLastOutProtocol}.
 */
package dev.tribuoctr.spark;
