#!/usr/bin/env bash
# Regenerates the committed Java sources of every module's .proto files (src/main/resources/protos/*.proto ->
# src/main/java/dev/tribuoctr/<module>/protos/) with protoc 3.25.6, the version of the protobuf-java Tribuo 4.3.2
# brings. Run from anywhere: tools/generate-protos.sh. Extra Maven flags (e.g. -o for offline) go in MVN_FLAGS.
# Tribuo's tribuo-core.proto imports OLCUT's provenance proto, whose source no jar ships: the imports are resolved
# from descriptors read out of the jars' classes (tools/TribuoProtoDescriptors.java).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PROTOC_VERSION=3.25.6
MVN_FLAGS="${MVN_FLAGS:-}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$ROOT"

# 1. protoc, from Maven Central (or the local repository).
mvn -B -q $MVN_FLAGS dependency:get -Dartifact="com.google.protobuf:protoc:${PROTOC_VERSION}:exe:linux-x86_64"
mvn -B -q $MVN_FLAGS dependency:copy -Dartifact="com.google.protobuf:protoc:${PROTOC_VERSION}:exe:linux-x86_64" \
  -DoutputDirectory="$WORK"
mv "$WORK/protoc-${PROTOC_VERSION}-linux-x86_64.exe" "$WORK/protoc"
chmod +x "$WORK/protoc"
"$WORK/protoc" --version

# 2. Descriptors of Tribuo's and OLCUT's protos, from the jars tribuo-ctr compiles against.
mvn -B -q $MVN_FLAGS dependency:build-classpath -pl tribuo-ctr -Dmdep.outputFile="$WORK/cp.txt"
java -cp "$(cat "$WORK/cp.txt")" tools/TribuoProtoDescriptors.java "$WORK/tribuo.pb"

# 3. One protoc run per module; a module's protos may import those of the modules it depends on.
CTR=tribuo-ctr/src/main/resources/protos
FS=tribuo-featuresel/src/main/resources/protos
ONNX=onnx-export/src/main/resources/protos
generate() { # module java-package-dir proto-file include-dirs...
  local module="$1" pkg="$2" proto="$3"
  shift 3
  local includes=()
  for dir in "$@"; do includes+=("--proto_path=$dir"); done
  rm -rf "$module/src/main/java/$pkg"
  "$WORK/protoc" --descriptor_set_in="$WORK/tribuo.pb" "${includes[@]}" \
    --java_out="$module/src/main/java" "$proto"
  echo "Generated $module/src/main/java/$pkg from $proto"
}
generate tribuo-ctr dev/tribuoctr/ctr/protos tribuo-ctr.proto "$CTR"
generate tribuo-featuresel dev/tribuoctr/featuresel/protos tribuo-ctr-featuresel.proto "$FS" "$CTR"
generate onnx-export dev/tribuoctr/onnx/protos tribuo-ctr-onnx.proto "$ONNX" "$CTR"
