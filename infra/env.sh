# shellcheck shell=bash
# Harmonia configuration: every setting the platform's scripts and programs read, with its default.
# Sourced by bin/platform; the same variable names are read by the Java programs
# (platform-config/src/main/java/io/harmonia/config/HarmoniaConfig.java) and by the Airflow DAGs.
# Set any of them in the environment to override: a variable the user set always wins, here and in
# every script (each one is assigned only when unset or empty). README.md lists them.

# One directory for data, logs, pid files and installed servers. Elasticsearch runs as an
# unprivileged user and must be able to reach its files, so the default is not under /root.
: "${HARMONIA_STATE_DIR:=/var/tmp/harmonia}"

# Every default port moves by this much: a second platform on the same machine needs only this.
: "${HARMONIA_PORT_OFFSET:=0}"
_harmonia_port() { echo $(( $1 + HARMONIA_PORT_OFFSET )); }

: "${HARMONIA_HOST:=127.0.0.1}"
: "${HARMONIA_API_PORT:=$(_harmonia_port 8080)}"
: "${HARMONIA_EDGE_PORT:=$(_harmonia_port 8081)}"
: "${HARMONIA_S3_PORT:=$(_harmonia_port 9000)}"
: "${HARMONIA_KAFKA_PORT:=$(_harmonia_port 9092)}"
: "${HARMONIA_KAFKA_CONTROLLER_PORT:=$(_harmonia_port 9093)}"
: "${HARMONIA_CASSANDRA_PORT:=$(_harmonia_port 9042)}"
: "${HARMONIA_CASSANDRA_STORAGE_PORT:=$(_harmonia_port 7000)}"
: "${HARMONIA_CASSANDRA_JMX_PORT:=$(_harmonia_port 7199)}"
: "${HARMONIA_ES_PORT:=$(_harmonia_port 9200)}"
: "${HARMONIA_ES_TRANSPORT_PORT:=$(_harmonia_port 9300)}"
: "${HARMONIA_PG_PORT:=$(_harmonia_port 5432)}"
: "${HARMONIA_REDIS_PORT:=$(_harmonia_port 6379)}"
: "${HARMONIA_AIRFLOW_PORT:=$(_harmonia_port 8090)}"

# The cluster profile (bin/platform up --cluster): a Spark standalone master and two workers on
# loopback. Jobs go to a cluster only when HARMONIA_SPARK_MASTER is set (spark://host:port, or any
# master spark-submit takes); unset, they run in local mode.
: "${HARMONIA_SPARK_MASTER_PORT:=$(_harmonia_port 7077)}"
: "${HARMONIA_SPARK_MASTER_UI_PORT:=$(_harmonia_port 8180)}"
: "${HARMONIA_SPARK_WORKER_UI_PORT_BASE:=$(_harmonia_port 8180)}" # worker N's UI: base + N
: "${HARMONIA_SPARK_WORKER_CORES:=1}"
: "${HARMONIA_SPARK_WORKER_MEMORY:=1536m}"
: "${HARMONIA_SPARK_DAEMON_MEMORY:=256m}"
: "${HARMONIA_SPARK_EXECUTOR_MEMORY:=1g}"
: "${HARMONIA_SPARK_DRIVER_MEMORY:=1g}"
: "${HARMONIA_SPARK_CORES_MAX:=2}"
export HARMONIA_SPARK_MASTER_PORT HARMONIA_SPARK_MASTER_UI_PORT HARMONIA_SPARK_WORKER_UI_PORT_BASE \
  HARMONIA_SPARK_WORKER_CORES HARMONIA_SPARK_WORKER_MEMORY HARMONIA_SPARK_DAEMON_MEMORY \
  HARMONIA_SPARK_EXECUTOR_MEMORY HARMONIA_SPARK_DRIVER_MEMORY HARMONIA_SPARK_CORES_MAX

# Names every tool agrees on.
: "${HARMONIA_PG_DATABASE:=harmonia}"
: "${HARMONIA_PG_USER:=harmonia}"
: "${HARMONIA_CASSANDRA_KEYSPACE:=harmonia}"
: "${HARMONIA_CASSANDRA_DC:=datacenter1}"
: "${HARMONIA_S3_BUCKET:=harmonia-media}"
: "${HARMONIA_S3_ROYALTY_BUCKET:=harmonia-royalties}"
: "${HARMONIA_S3_REGION:=us-east-1}"

# Memory for the JVM servers (small: this is one machine running everything).
: "${HARMONIA_KAFKA_HEAP:=512m}"
: "${HARMONIA_CASSANDRA_HEAP:=512m}"
: "${HARMONIA_ES_HEAP:=512m}"
: "${HARMONIA_S3_HEAP:=256m}"

# JDKs: Java 17 for everything but Elasticsearch, which needs 21+.
: "${HARMONIA_JAVA17_HOME:=$(for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-arm64 /usr/lib/jvm/java-17-openjdk; do [ -x "$d/bin/java" ] && { echo "$d"; break; }; done)}"
: "${HARMONIA_ES_JAVA_HOME:=$(for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do [ -x "$d/bin/java" ] && { echo "$d"; break; }; done)}"

# Where the programs (clients) find each service, exported for every program bin/platform launches.
# By default the platform's own services above; set them to use other hosts (the stores that are
# clusters take comma-separated lists). The local services themselves always start and are checked
# on HARMONIA_HOST and their *_PORT, whatever these say.
: "${HARMONIA_API_URL:=http://${HARMONIA_HOST}:${HARMONIA_API_PORT}}"
: "${HARMONIA_EDGE_URL:=http://${HARMONIA_HOST}:${HARMONIA_EDGE_PORT}}"
: "${HARMONIA_S3_ENDPOINT:=http://${HARMONIA_HOST}:${HARMONIA_S3_PORT}}"
: "${HARMONIA_KAFKA_BOOTSTRAP:=${HARMONIA_HOST}:${HARMONIA_KAFKA_PORT}}"             # host:port,host:port
: "${HARMONIA_CASSANDRA_CONTACT_POINTS:=${HARMONIA_HOST}:${HARMONIA_CASSANDRA_PORT}}" # host[:port],...
: "${HARMONIA_ES_URL:=http://${HARMONIA_HOST}:${HARMONIA_ES_PORT}}"                  # http://host:port,...

export HARMONIA_STATE_DIR HARMONIA_PORT_OFFSET HARMONIA_HOST \
  HARMONIA_API_PORT HARMONIA_EDGE_PORT HARMONIA_S3_PORT HARMONIA_KAFKA_PORT HARMONIA_KAFKA_CONTROLLER_PORT \
  HARMONIA_CASSANDRA_PORT HARMONIA_CASSANDRA_STORAGE_PORT HARMONIA_CASSANDRA_JMX_PORT \
  HARMONIA_ES_PORT HARMONIA_ES_TRANSPORT_PORT HARMONIA_PG_PORT HARMONIA_REDIS_PORT HARMONIA_AIRFLOW_PORT \
  HARMONIA_PG_DATABASE HARMONIA_PG_USER HARMONIA_CASSANDRA_KEYSPACE HARMONIA_CASSANDRA_DC \
  HARMONIA_S3_BUCKET HARMONIA_S3_ROYALTY_BUCKET HARMONIA_S3_REGION \
  HARMONIA_API_URL HARMONIA_EDGE_URL HARMONIA_S3_ENDPOINT HARMONIA_KAFKA_BOOTSTRAP HARMONIA_CASSANDRA_CONTACT_POINTS \
  HARMONIA_ES_URL \
  HARMONIA_JAVA17_HOME HARMONIA_ES_JAVA_HOME
