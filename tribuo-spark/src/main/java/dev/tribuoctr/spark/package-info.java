/**
 * Tribuo CTR on Apache Spark: the leave-last-out data protocol of design §5 (docs/design/protocols.md) as a Spark
 * job that yields exactly the instances of the single-machine {@link dev.tribuoctr.ctr.data.LeaveLastOutProtocol},
 * over the inputs the single-machine sources read ({@link dev.tribuoctr.spark.ClickFormat}: Taobao, MovieLens 100K
 * and 1M, Amazon reviews, CSV and Parquet tables with named columns), and writes them in a form the trainer reads
 * without Spark ({@link dev.tribuoctr.ctr.data.ProtocolFolderDataSource});
 * and batch scoring of an exported ONNX model over a DataFrame ({@link dev.tribuoctr.spark.SparkOnnxScorer}, design
 * §5.3.2).
 */
package dev.tribuoctr.spark;
