#!/usr/bin/env bash
# Cold start of each function against a hello-world handler, side by side, under the Lambda
# runtime harness and a moto server. See benchmarks/README.md ("Cold start").
#
#   HARNESS=<lambda-runtime-harness folder> benchmarks/cold-start.sh [--no-build] [ROUNDS]
#
# ROUNDS (default 5) rounds each run, one after the other, the hello-world handler then a function,
# for each of the three functions, every run a fresh JVM on fresh tables. A function's cold start is
# the harness's init_ms plus the ms of the first invocation; the report gives each function's median,
# the hello-world handler's median and their ratio, with PASS or FAIL against the budget. Each round
# also runs SdkFloorHandler (one lean DynamoDB client, one GetItem, no Mailflow code): its ratio is
# the least a function that calls DynamoDB through the SDK can reach
# (COLD_START_BUDGET, default 2.5). A FAIL is a figure, not an error: the script exits 0. It exits 1
# when a run does not answer as expected (a harness line that is not ok, or lacks its timings).
# MEMORY (default 1024, as the template) is the harness's --memory; JAVA_TOOL_OPTIONS, when set, is
# passed to every runtime JVM, the hello-world handler's included. BASELINE_JARS, when set, names a
# folder of function jars from another build (mailflow-send.jar, ...), run in the same rounds and
# reported beside the built ones as send@baseline, ...: a change's before and after, side by side.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=true
if [[ "${1:-}" == "--no-build" ]]; then
  build=false
  shift
fi
rounds="${1:-5}"
memory="${MEMORY:-1024}"
budget="${COLD_START_BUDGET:-2.5}"
if [[ -z "${HARNESS:-}" || ! -x "$HARNESS/run.sh" ]]; then
  echo "Set HARNESS to the Lambda runtime harness's folder (the one holding run.sh)." >&2
  exit 2
fi
if ! [[ "$rounds" =~ ^[1-9][0-9]*$ ]]; then
  echo "ROUNDS must be a positive whole number, not: $rounds" >&2
  exit 2
fi

cd "$root"
if $build; then
  ./mvnw -B -q -pl functions/send,functions/receive,functions/evaluate,benchmarks -am \
    -DskipTests package
fi

work="$(mktemp -d)"
moto_pid=""
cleanup() {
  if [[ -n "$moto_pid" ]]; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port="$(free_port)"
# Nothing listens here: the send function's probe is refused at once, as by a server that is down.
smtp_port="$(free_port)"
endpoint="http://127.0.0.1:$port"
python3 -m moto.server -p "$port" -H 127.0.0.1 >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 100); do
  if curl -s -o /dev/null "$endpoint"; then break; fi
  sleep 0.2
done

# One set of tables per round (two with a baseline), so that every run finds what the first would:
# an empty probe table (send probes, receive records, evaluate finds no data).
ENDPOINT="$endpoint" ROUNDS="$rounds" SMTP_PORT="$smtp_port" python3 - <<'EOF'
import os
import boto3

aws = dict(endpoint_url=os.environ["ENDPOINT"], region_name="eu-west-1",
           aws_access_key_id="testing", aws_secret_access_key="testing")
ddb = boto3.client("dynamodb", **aws)

def table(name, partition, sort=None):
    keys = [(partition, "HASH")] + ([(sort, "RANGE")] if sort else [])
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": k, "AttributeType": "S"} for k, _ in keys],
                     KeySchema=[{"AttributeName": k, "KeyType": t} for k, t in keys])

for round in range(1, 2 * int(os.environ["ROUNDS"]) + 1):
    table(f"probes-{round}", "routeId", "probeKey")
    table(f"states-{round}", "routeId")
    table(f"windows-{round}", "windowId")
boto3.client("sns", **aws).create_topic(Name="alerts")
boto3.client("ssm", **aws).put_parameter(Name="/mailflow/config", Type="String", Value=f"""
sender: mailflow@contoso.se
servers:
  - {{id: MX01, host: mx01.contoso.se}}
  - {{id: MX02, host: 127.0.0.1, port: {os.environ["SMTP_PORT"]}, security: NONE}}
routes:
  - {{source: MX02, target: MX01, recipient: probe@mx01.contoso.se}}
""")
s3 = boto3.client("s3", **aws)
s3.create_bucket(Bucket="mailflow-sample-inbound-mail",
                 CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
boto3.client("secretsmanager", **aws).create_secret(
    Name="mailflow/signing",
    SecretString='{"keyId": "sample", "key": "mailflow-sample-signing-key-not-for-production"}')
EOF
topic="arn:aws:sns:eu-west-1:123456789012:alerts"

# run NAME ROUND -- harness arguments: one cold start, its line kept in $work/NAME.lines
run() {
  local name="$1" round="$2"
  shift 3
  local options=(--memory "$memory")
  if [[ -n "${JAVA_TOOL_OPTIONS:-}" ]]; then
    options+=(--env "JAVA_TOOL_OPTIONS=$JAVA_TOOL_OPTIONS")
  fi
  local line
  line="$("$HARNESS/run.sh" "${options[@]}" "$@" 2>>"$work/$name.log" | head -n 1)" || true
  echo "$round $line" >>"$work/$name.lines"
}

common=(--env "AWS_ENDPOINT_URL=$endpoint" --env AWS_REGION=eu-west-1)
# function_run NAME JAR ROUND SET: one cold start of a function with its sample event, on the
# SET-th set of tables
function_run() {
  local name="$1" jar="$2" round="$3" set="$4"
  case "$name" in
    send*)
      run "$name" "$round" -- --cp "$jar" --handler dev.mailflow.send.SendHandler "${common[@]}" \
        --env "MAILFLOW_PROBES_TABLE=probes-$set" \
        --env MAILFLOW_CONFIG_PARAMETER=/mailflow/config \
        --env MAILFLOW_SIGNING_SECRET=mailflow/signing \
        events/send-scheduled.json
      ;;
    receive*)
      run "$name" "$round" -- --cp "$jar" --handler dev.mailflow.receive.ReceiveHandler \
        "${common[@]}" \
        --env "MAILFLOW_PROBES_TABLE=probes-$set" \
        --env MAILFLOW_CONFIG_PARAMETER=/mailflow/config \
        --env MAILFLOW_SIGNING_SECRET=mailflow/signing \
        --env MAILFLOW_MAIL_BUCKET=mailflow-sample-inbound-mail \
        --env MAILFLOW_MAIL_PREFIX=inbound/ \
        events/receive-ses-receipt.json
      ;;
    evaluate*)
      run "$name" "$round" -- --cp "$jar" --handler dev.mailflow.evaluate.EvaluateHandler \
        "${common[@]}" \
        --env "MAILFLOW_PROBES_TABLE=probes-$set" \
        --env "MAILFLOW_STATE_TABLE=states-$set" \
        --env "MAILFLOW_WINDOWS_TABLE=windows-$set" \
        --env "MAILFLOW_ALERT_TOPIC_ARN=$topic" \
        --env MAILFLOW_CONFIG_PARAMETER=/mailflow/config \
        events/evaluate-scheduled.json
      ;;
  esac
}

names=(send receive evaluate)
if [[ -n "${BASELINE_JARS:-}" ]]; then
  names+=(send@baseline receive@baseline evaluate@baseline)
fi
for round in $(seq "$rounds"); do
  # The SDK's floor: one lean DynamoDB client and one GetItem, no Mailflow code (SdkFloorHandler).
  run floor "$round" -- --cp "benchmarks/target/classes:functions/evaluate/target/mailflow-evaluate.jar" \
    --handler dev.mailflow.benchmarks.coldstart.SdkFloorHandler "${common[@]}" \
    --env "FLOOR_TABLE=states-$round" events/evaluate-scheduled.json
  for name in "${names[@]}"; do
    run hello "$round" -- --cp benchmarks/target/classes \
      --handler dev.mailflow.benchmarks.coldstart.HelloHandler events/evaluate-scheduled.json
    function="${name%@baseline}"
    jar="functions/$function/target/mailflow-$function.jar"
    set="$round"
    if [[ "$name" == *@baseline ]]; then
      jar="$BASELINE_JARS/mailflow-$function.jar"
      set=$((round + rounds))
    fi
    function_run "$name" "$jar" "$round" "$set"
  done
  echo "round $round of $rounds done" >&2
done

WORK="$work" MEMORY="$memory" BUDGET="$budget" ROUNDS="$rounds" BASELINE="${BASELINE_JARS:-}" python3 - <<'EOF'
import json
import os
import statistics
import sys

work, budget = os.environ["WORK"], float(os.environ["BUDGET"])

def cold_starts(name):
    """(init_ms + ms, init_ms, ms) of each run of NAME; exits 1 on a run that did not answer."""
    figures = []
    with open(os.path.join(work, name + ".lines")) as lines:
        for entry in lines:
            round, _, line = entry.strip().partition(" ")
            try:
                result = json.loads(line)
                if result["status"] != "ok":
                    raise ValueError("status " + str(result["status"]))
                init, first = float(result["init_ms"]), float(result["ms"])
                figures.append((init + first, init, first))
            except (ValueError, KeyError, TypeError) as bad:
                print(f"{name}, round {round}: not a cold start that answered ({bad}): {line!r}",
                      file=sys.stderr)
                print(f"its log: the last lines of {name}.log follow", file=sys.stderr)
                with open(os.path.join(work, name + ".log")) as log:
                    sys.stderr.writelines(log.readlines()[-20:])
                sys.exit(1)
    return figures

hello = cold_starts("hello")
yardstick = statistics.median(c for c, _, _ in hello)
names = ["send", "receive", "evaluate"]
if os.environ.get("BASELINE"):
    names += [name + "@baseline" for name in names]
print(f"cold start = init + first invocation; medians of {os.environ['ROUNDS']} runs each,"
      f" --memory {os.environ['MEMORY']}; budget {budget}x hello world's cold start")
print(f"{'handler':<18}{'cold':>8}{'init':>8}{'first':>8}{'min':>8}{'max':>8}{'ratio':>8}  verdict")


def row(name, runs):
    cold = [c for c, _, _ in runs]
    print(f"{name:<18}{statistics.median(cold):>8.0f}"
          f"{statistics.median(i for _, i, _ in runs):>8.0f}"
          f"{statistics.median(f for _, _, f in runs):>8.0f}"
          f"{min(cold):>8.0f}{max(cold):>8.0f}", end="")
    return statistics.median(cold)


row("hello world", hello)
print()
print(f"{row('SDK floor', cold_starts('floor')) / yardstick:>7.2f}x  (one DynamoDB client, one call)")
for name in names:
    ratio = row(name, cold_starts(name)) / yardstick
    print(f"{ratio:>7.2f}x  {'PASS' if ratio <= budget else 'FAIL'}")
print("(milliseconds)")
EOF
