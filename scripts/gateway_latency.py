#!/usr/bin/env python3
"""Added latency of `bulwark serve`: the same chat completion sent straight to a local canned
upstream and through the gateway (one keep-alive connection each, sequential), p50/p99 of
both and of the difference; plus /v1/moderations alone. Standard library only.

usage: scripts/gateway_latency.py [--requests N] [--binary build/bulwark]
"""
import argparse, http.client, json, os, socket, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPLY = json.dumps({"id": "chatcmpl-x", "object": "chat.completion", "created": 0, "model": "gpt-test",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content":
                                 "Sure. Here is a short, friendly answer about your order status and next steps."},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 40, "completion_tokens": 20, "total_tokens": 60}}).encode()

class Upstream(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    wbufsize = 1 << 16   # headers and body leave in one write
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(REPLY)))
        self.end_headers()
        self.wfile.write(REPLY)
    def log_message(self, *a): pass

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def timed(port, path, body, headers, n):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.connect()
    c.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)   # no Nagle/delayed-ACK stalls
    out = []
    for _ in range(n):
        t = time.perf_counter()
        c.request("POST", path, body=body, headers=headers)
        r = c.getresponse(); r.read()
        assert r.status == 200, (r.status, path)
        out.append((time.perf_counter() - t) * 1e3)
    return sorted(out)

def pct(v, p): return v[min(len(v) - 1, int(len(v) * p / 100))]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--binary", default="build/bulwark")
    a = ap.parse_args()
    up = ThreadingHTTPServer(("127.0.0.1", 0), Upstream)
    threading.Thread(target=up.serve_forever, daemon=True).start()
    gw_port = free_port()
    tmp = tempfile.mkdtemp()
    env = dict(os.environ, BULWARK_UPSTREAM_URL=f"http://127.0.0.1:{up.server_port}/v1", BULWARK_MASTER_KEY="bench")
    proc = subprocess.Popen([a.binary, "serve", "--listen", f"127.0.0.1:{gw_port}", "--db", f"{tmp}/b.db"],
                            env=env, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try: socket.create_connection(("127.0.0.1", gw_port)).close(); break
        except OSError: time.sleep(0.05)
    prompt = ("You are a helpful support assistant. Answer briefly. My order #4411 was shipped last week but the "
              "tracking page has not updated since Tuesday; can you tell me what usually causes that and what I "
              "should do next?")
    chat = json.dumps({"model": "gpt-test", "messages": [{"role": "system", "content": "Be concise."},
                                                        {"role": "user", "content": prompt}]})
    h = {"Content-Type": "application/json", "Authorization": "Bearer bench"}
    n = a.requests
    timed(up.server_port, "/v1/chat/completions", chat, h, 100)
    timed(gw_port, "/v1/chat/completions", chat, h, 100)
    direct = timed(up.server_port, "/v1/chat/completions", chat, h, n)
    via = timed(gw_port, "/v1/chat/completions", chat, h, n)
    c = http.client.HTTPConnection("127.0.0.1", gw_port); c.request("GET", "/metrics"); m = c.getresponse().read().decode()
    mod = timed(gw_port, "/v1/moderations", json.dumps({"input": prompt}), h, n)
    proc.terminate(); proc.wait(timeout=20)
    print(f"requests per series: {n} (sequential, keep-alive, loopback; python client)")
    for name, v in (("upstream direct", direct), ("through bulwark", via), ("/v1/moderations", mod)):
        print(f"{name:18s} p50 {pct(v,50):.3f} ms  p99 {pct(v,99):.3f} ms")
    print(f"added (p50 diff)   {pct(via,50)-pct(direct,50):.3f} ms   added (p99 diff) {pct(via,99)-pct(direct,99):.3f} ms")
    # Server-side view of the chat series (warm-up included): histogram quantile bounds.
    for name in ("bulwark_gateway_added_seconds", "bulwark_scan_duration_seconds"):
        buckets = [(float(l.split('le="')[1].split('"')[0]) if '+Inf' not in l else float("inf"), int(l.split()[-1]))
                   for l in m.splitlines() if l.startswith(name + "_bucket")]
        total = buckets[-1][1]
        s_ = float([l for l in m.splitlines() if l.startswith(name + "_sum")][0].split()[-1])
        q = lambda p: next(le for le, cnt in buckets if cnt >= total * p)
        print(f"server {name}: mean {s_/total*1e3:.3f} ms, p50 <= {q(.5)*1e3:.3f} ms, p99 <= {q(.99)*1e3:.3f} ms ({total} obs)")

if __name__ == "__main__":
    main()
