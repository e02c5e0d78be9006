#!/usr/bin/env bash
# Throughput of one large HTTP download, in one run, over four paths that all end at the same nginx:
#   direct   curl -> nginx
#   portway  curl -> portway server (http edge) -> TLS tunnel -> portway CLI -> nginx
#   pw-tcp   curl -> portway server (tcp socket's own port, raw bytes) -> TLS tunnel -> portway CLI -> nginx
#   ssh -R   curl -> sshd (remote forward) -> ssh connection -> ssh client -> nginx
# Everything runs on 127.0.0.1 with private configs in a temp dir; progress goes to stderr,
# the result table to stdout. Usage: bench/download-1gib.sh [--size MiB] [--runs N] [--warmup N]
set -euo pipefail

size_mib=1024 runs=3 warmup=1
while (($#)); do
  case "$1" in
    --size) size_mib="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;   # the JVM keeps speeding up over the first downloads
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ "$size_mib" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ && "$warmup" =~ ^(0|[1-9][0-9]*)$ ]] ||
  { echo "--size and --runs take positive integers, --warmup a count" >&2; exit 2; }
size_bytes=$((size_mib * 1048576))
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

log() { echo "[bench $(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- tools: install only what is missing, so a second run touches no package manager -----------
need=()
command -v nginx >/dev/null || need+=(nginx-light)
[[ -x /usr/sbin/sshd ]] || need+=(openssh-server)
command -v ssh >/dev/null || need+=(openssh-client)
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
command -v ss >/dev/null || need+=(iproute2)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  apt-get update -qq >&2
  # policy-rc.d-free containers may try to start the system services; we never use them.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

# --- temp dir and cleanup: every background pid goes into pids, killed newest first ------------
tmp="$(mktemp -d /tmp/portway-bench.XXXXXX)"
pids=()
cleanup() {
  local rc=$? i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    timeout 10 tail --pid="${pids[i]}" -f /dev/null 2>/dev/null || kill -9 "${pids[i]}" 2>/dev/null || true
  done
  rm -rf "$tmp"
  ((rc == 0)) || log "exit code $rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# wait_for SECONDS WHAT CMD...: poll CMD every 0.1 s; fail (showing logs) when the time is up or
# when the process started last (the one we are waiting on) has already died.
wait_for() {
  local limit=$(($(date +%s) + $1)) what="$2"; shift 2
  until "$@"; do
    if (($(date +%s) >= limit)) || ! kill -0 "${pids[-1]}" 2>/dev/null; then
      tail -n 5 "$tmp"/*.log >&2 2>/dev/null || true
      die "gave up waiting for $what"
    fi
    sleep 0.1
  done
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Free high ports: random picks in 30000-59999 that nothing listens on and that we did not take yet.
taken=" $(ss -Htln | awk '{n = split($4, a, ":"); printf "%s ", a[n]}')"
free_port() {
  local p
  while :; do
    p=$((30000 + RANDOM % 30000))
    [[ "$taken" == *" $p "* ]] || { taken+="$p "; echo "$p"; return; }
  done
}
nginx_port=$(free_port) ssh_port=$(free_port) fwd_port=$(free_port)
api_port=$(free_port) http_port=$(free_port) https_port=$(free_port) tunnel_port=$(free_port)
tcp_port=$(free_port)

# --- origin: nginx serving random bytes (incompressible, so no path can win by compressing) -----
log "writing ${size_mib} MiB of random data to $tmp/www/blob"
mkdir -p "$tmp/www" "$tmp/nginx"
dd if=/dev/urandom of="$tmp/www/blob" bs=1M count="$size_mib" iflag=fullblock status=none
cat >"$tmp/nginx/nginx.conf" <<EOF
user root;                    # the temp dir is 0700, so workers must be root to read the file
worker_processes 1;
daemon off;                   # stay in the foreground so we own the pid
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx.log warn;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$nginx_port; root $tmp/www; }
}
EOF
nginx -e "$tmp/nginx.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" >>"$tmp/nginx.log" 2>&1 &
pids+=($!)
wait_for 15 "nginx on port $nginx_port" port_open "$nginx_port"

# --- ssh -R: private sshd on loopback, key-only root login, remote forward fwd_port -> nginx -----
log "starting sshd on $ssh_port and ssh -R $fwd_port -> $nginx_port"
mkdir -p /run/sshd   # sshd's privilege-separation directory
ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$tmp/client_key"
cp "$tmp/client_key.pub" "$tmp/authorized_keys"
cat >"$tmp/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $ssh_port
HostKey $tmp/host_key
PidFile $tmp/sshd.pid
PermitRootLogin yes
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $tmp/authorized_keys
AllowTcpForwarding yes
GatewayPorts no
UsePAM no
StrictModes no
EOF
/usr/sbin/sshd -D -e -f "$tmp/sshd_config" >"$tmp/sshd.log" 2>&1 &
pids+=($!)
wait_for 15 "sshd on port $ssh_port" port_open "$ssh_port"
# -v only to read the negotiated cipher from the log; ExitOnForwardFailure makes a bad forward fatal.
ssh -v -N -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
  -o ExitOnForwardFailure=yes -i "$tmp/client_key" -p "$ssh_port" \
  -R "127.0.0.1:$fwd_port:127.0.0.1:$nginx_port" root@127.0.0.1 >"$tmp/ssh.log" 2>&1 &
pids+=($!)
wait_for 30 "ssh -R forward on port $fwd_port" port_open "$fwd_port"
cipher=$(sed -n 's/.*kex: client->server cipher: \([^ ]*\).*/\1/p' "$tmp/ssh.log" | head -n1)

# --- portway: build if needed, server, account, socket, tunnel, connect --------------------------
log "building portway if needed (first build takes a minute or two)"
timeout 900 "$repo/portway" --version >/dev/null || die "portway build failed (see ${TMPDIR:-/tmp}/portway-build.log)"
log "starting portway server (api $api_port, http $http_port, tunnel $tunnel_port)"
"$repo/portway" server --data "$tmp/pw-data" --api-port "$api_port" --http-port "$http_port" \
  --https-port "$https_port" --tunnel-port "$tunnel_port" --tcp-ports "$tcp_port-$tcp_port" --bind 127.0.0.1 \
  >"$tmp/pw-server.log" 2>&1 &
pids+=($!)
wait_for 60 "portway server ready" grep -q '^ready' "$tmp/pw-server.log"
export XDG_CONFIG_HOME="$tmp/cfg"   # private CLI config: never touches the user's saved login
pw() { timeout 60 "$repo/portway" "$@"; }
pw account create --server "http://127.0.0.1:$api_port" --email bench@example.com --password benchpass1 >&2
pw socket create --name bench --type http --json >"$tmp/socket.json"
socket_id=$(jq -r .socket_id "$tmp/socket.json") dns_name=$(jq -r .dns_name "$tmp/socket.json")
tunnel_id=$(pw tunnel create --socket "$socket_id" --json | jq -r .tunnel_id)
"$repo/portway" tunnel connect --socket "$socket_id" --tunnel "$tunnel_id" \
  --port "$nginx_port" --host 127.0.0.1 >"$tmp/pw-connect.log" 2>&1 &
pids+=($!)
wait_for 60 "portway tunnel online" grep -q '^online' "$tmp/pw-connect.log"
tcp_socket_id=$(pw socket create --name bench-tcp --type tcp --json | jq -r .socket_id)
tcp_tunnel_id=$(pw tunnel create --socket "$tcp_socket_id" --json | jq -r .tunnel_id)
"$repo/portway" tunnel connect --socket "$tcp_socket_id" --tunnel "$tcp_tunnel_id" \
  --port "$nginx_port" --host 127.0.0.1 >"$tmp/pw-connect-tcp.log" 2>&1 &
pids+=($!)
wait_for 60 "portway tcp tunnel online" grep -q '^online' "$tmp/pw-connect-tcp.log"

# --- measurements -------------------------------------------------------------------------------
declare -A url=(
  [direct]="http://127.0.0.1:$nginx_port/blob"
  [portway]="http://$dns_name:$http_port/blob"
  [pw-tcp]="http://127.0.0.1:$tcp_port/blob"
  [ssh]="http://127.0.0.1:$fwd_port/blob"
)
# --resolve pins the .localhost name to 127.0.0.1 (the server does not listen on ::1).
resolve=(--resolve "$dns_name:$http_port:127.0.0.1")
max_time=$((60 + size_mib))   # generous: 1 MB/s would still finish
declare -A results=()
measure() {  # measure PATH -> prints MB/s, fails on a short or non-200 answer
  local out speed size code
  out=$(curl -s -o /dev/null --max-time "$max_time" "${resolve[@]}" \
    -w '%{speed_download} %{size_download} %{http_code}' "${url[$1]}") || die "curl on $1 failed (${out:-no output})"
  read -r speed size code <<<"$out"
  [[ "$code" == 200 && "$size" == "$size_bytes" ]] || die "$1: HTTP $code, $size bytes (want 200, $size_bytes)"
  awk -v s="$speed" 'BEGIN { printf "%.1f", s / 1e6 }'
}
# Rounds below 1 are warm-ups (page cache, JIT); paths are interleaved so drift hits all alike.
log "load average before measuring: $(cut -d' ' -f1-3 /proc/loadavg) (other busy processes skew results)"
for ((round = 1 - warmup; round <= runs; round++)); do
  for path in direct portway pw-tcp ssh; do
    mbs=$(measure "$path")
    if ((round < 1)); then log "warm-up $path: $mbs MB/s"
    else log "run $round/$runs $path: $mbs MB/s"; results[$path]+="$mbs "; fi
  done
done

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR] = $1} END { printf "%.1f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
d=$(median "${results[direct]}") p=$(median "${results[portway]}") t=$(median "${results[pw-tcp]}")
s=$(median "${results[ssh]}")
echo "download of $size_mib MiB over loopback, median of $runs runs after $warmup warm-up (1 MB = 10^6 bytes), ssh ${cipher:-cipher unknown}"
printf '%-8s %12s   %s\n' path "median MB/s" "runs (MB/s)"
printf '%-8s %12s   %s\n' direct "$d" "${results[direct]}" portway "$p" "${results[portway]}" \
  pw-tcp "$t" "${results[pw-tcp]}" "ssh -R" "$s" "${results[ssh]}"
awk -v d="$d" -v p="$p" -v t="$t" -v s="$s" \
  'BEGIN { printf "portway/direct %.3f\nportway/ssh    %.3f\npw-tcp/ssh     %.3f\n", p / d, p / s, t / s }'
