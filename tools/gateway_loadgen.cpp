// tools/gateway_loadgen.cpp — the two halves of the gateway benchmark (scripts/bench/gateway_bench.sh)
// that Debian's tools do not cover:
//
//   gateway_loadgen upstream --port P [--tokens N] [--token-delay-us D]
//       A fast canned OpenAI-compatible upstream: keep-alive, a thread per connection.
//       POST with "stream": true gets N SSE tokens (words of a canned answer) D µs apart; any other
//       request gets one fixed chat completion.
//   gateway_loadgen rate --port P --path /v1/chat/completions --body FILE [--header 'K: V']...
//                        [--rate 1000] [--seconds 10] [--connections 32]
//       Open-loop load at a fixed rate (wrk2-style; Debian's wrk has no fixed rate): request i
//       is due at start + i/rate, and its latency counts from that due time, so a stall shows as
//       latency instead of silently lowering the rate (no coordinated omission).
//   gateway_loadgen ttft --port P --path ... --body FILE [--header ...] [--requests 30]
//       Sequential streamed requests: time until the first token text ("Sure") arrives.
//
// Results are one JSON object on stdout. Loopback HTTP/1.1 only; Content-Length responses for
// `rate`, chunked for `ttft`.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::vector<std::string> v;
  std::string get(const std::string& k, const std::string& d = "") const {
    for (size_t i = 0; i + 1 < v.size(); ++i)
      if (v[i] == k) return v[i + 1];
    return d;
  }
  std::vector<std::string> all(const std::string& k) const {
    std::vector<std::string> out;
    for (size_t i = 0; i + 1 < v.size(); ++i)
      if (v[i] == k) out.push_back(v[i + 1]);
    return out;
  }
};

bool send_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

void no_delay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  no_delay(fd);
  return fd;
}

// ---- upstream ----

const std::string kReply =
    R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"gpt-test",)"
    R"("choices":[{"index":0,"message":{"role":"assistant","content":"Sure. Orders usually show no tracking )"
    R"(updates for a day or two while the parcel moves between carriers. If nothing changes by Friday, reply )"
    R"(here with the order number and we will open a trace with the courier."},"finish_reason":"stop"}],)"
    R"("usage":{"prompt_tokens":64,"completion_tokens":48,"total_tokens":112}})";

// Streamed tokens: ordinary prose, so that every detector sees what a real answer looks like.
// The first word, "Sure", is what `ttft` waits for.
const std::vector<std::string> kWords = [] {
  std::vector<std::string> w;
  std::istringstream in(
      "Sure, parcels often show no tracking updates for a day or two while they move between carriers or wait "
      "at a sorting hub. If the page still shows nothing new by Friday, reply here with your order number and we "
      "will open a trace with the courier and, if needed, send a replacement by express delivery. You can change "
      "the delivery address from the order page until the parcel is out for delivery.");
  for (std::string x; in >> x;) w.push_back(x);
  return w;
}();

std::string chunk(const std::string& d) {
  char len[32];
  std::snprintf(len, sizeof len, "%zx\r\n", d.size());
  return len + d + "\r\n";
}

void serve_upstream_conn(int fd, int tokens, int delay_us) {
  no_delay(fd);
  std::string in;
  char buf[16384];
  for (;;) {
    size_t he;
    while ((he = in.find("\r\n\r\n")) == std::string::npos) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return (void)::close(fd);
      in.append(buf, static_cast<size_t>(n));
    }
    size_t cl = 0;
    {
      std::string head = in.substr(0, he);
      for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t p = head.find("content-length:");
      if (p != std::string::npos) cl = std::strtoul(head.c_str() + p + 15, nullptr, 10);
    }
    while (in.size() < he + 4 + cl) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return (void)::close(fd);
      in.append(buf, static_cast<size_t>(n));
    }
    const std::string body = in.substr(he + 4, cl);
    in.erase(0, he + 4 + cl);
    const bool stream = body.find("\"stream\":true") != std::string::npos || body.find("\"stream\": true") != std::string::npos;
    if (!stream) {
      if (!send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(kReply.size()) + "\r\n\r\n" + kReply))
        return (void)::close(fd);
      continue;
    }
    std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    auto ev = [](const std::string& delta, const char* finish) {
      return chunk(R"(data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","choices":[{"index":0,"delta":)" +
                   delta + R"(,"finish_reason":)" + finish + "}]}\n\n");
    };
    if (!send_all(fd, head + ev(R"({"role":"assistant","content":""})", "null"))) return (void)::close(fd);
    for (int i = 0; i < tokens; ++i) {
      if (!send_all(fd, ev(R"({"content":")" + kWords[static_cast<size_t>(i) % kWords.size()] + R"( "})", "null")))
        return (void)::close(fd);
      if (delay_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    }
    std::string tail = ev("{}", "\"stop\"");
    tail += chunk(R"(data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"gpt-test","choices":[],"usage":{"prompt_tokens":64,"completion_tokens":)" +
                  std::to_string(tokens) + R"(,"total_tokens":)" + std::to_string(64 + tokens) + "}}\n\n");
    tail += chunk("data: [DONE]\n\n") + "0\r\n\r\n";
    if (!send_all(fd, tail)) return (void)::close(fd);
  }
}

int run_upstream(const Args& a) {
  const int port = std::atoi(a.get("--port", "0").c_str());
  const int tokens = std::atoi(a.get("--tokens", "50").c_str());
  const int delay_us = std::atoi(a.get("--token-delay-us", "0").c_str());
  int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  if (::bind(lfd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(lfd, 1024) != 0) {
    std::perror("upstream: bind/listen");
    return 1;
  }
  std::fprintf(stderr, "upstream: listening on 127.0.0.1:%d\n", port);
  for (;;) {
    int fd = ::accept(lfd, nullptr, nullptr);
    if (fd < 0) continue;
    std::thread(serve_upstream_conn, fd, tokens, delay_us).detach();
  }
}

// ---- clients ----

std::string build_request(const Args& a) {
  std::ifstream in(a.get("--body"), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string body = ss.str();
  std::string req = "POST " + a.get("--path", "/v1/chat/completions") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  for (const auto& h : a.all("--header")) req += h + "\r\n";
  return req + "\r\n" + body;
}

double pct(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  size_t i = std::min(v.size() - 1, static_cast<size_t>(static_cast<double>(v.size()) * p / 100.0));
  return v[i];
}

struct Conn {
  int fd = -1;
  bool busy = false;
  Clock::time_point due;    // when the request in flight was scheduled
  Clock::time_point sent;   // when it was actually written
  std::string in;
};

// Returns the size of a complete response at the front of `in` (Content-Length), or 0.
size_t response_size(const std::string& in, int* status) {
  size_t he = in.find("\r\n\r\n");
  if (he == std::string::npos) return 0;
  *status = in.size() > 12 ? std::atoi(in.c_str() + 9) : 0;
  std::string head = in.substr(0, he);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t p = head.find("content-length:");
  size_t cl = p == std::string::npos ? 0 : std::strtoul(head.c_str() + p + 15, nullptr, 10);
  return in.size() >= he + 4 + cl ? he + 4 + cl : 0;
}

// Readable events of `fd` on `ep`, reported with `tag`.
void watch(int ep, int fd, uint64_t tag) {
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.u64 = tag;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

int run_rate(const Args& a) {
  const int port = std::atoi(a.get("--port").c_str());
  const double rate = std::atof(a.get("--rate", "1000").c_str());
  const double seconds = std::atof(a.get("--seconds", "10").c_str());
  const int nconn = std::atoi(a.get("--connections", "32").c_str());
  const std::string req = build_request(a);
  int ep = epoll_create1(0);
  std::vector<Conn> conns(static_cast<size_t>(nconn));
  auto open_conn = [&](size_t i) {   // connection i, watched under its index
    conns[i].fd = connect_to(port);
    if (conns[i].fd < 0) return false;
    watch(ep, conns[i].fd, i);
    return true;
  };
  for (size_t i = 0; i < conns.size(); ++i) {
    if (!open_conn(i)) {
      std::fprintf(stderr, "rate: cannot connect to %d\n", port);
      return 1;
    }
  }
  int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
  watch(ep, tfd, UINT64_MAX);

  const auto start = Clock::now();
  const auto interval = std::chrono::nanoseconds(static_cast<int64_t>(1e9 / rate));
  const uint64_t total = static_cast<uint64_t>(rate * seconds);
  uint64_t next = 0, done = 0, errors = 0;
  std::deque<Clock::time_point> backlog;   // due requests with no free connection yet
  size_t rr = 0;
  std::vector<double> latency, service;
  latency.reserve(total);
  service.reserve(total);
  auto arm = [&](Clock::time_point t) {
    itimerspec its{};
    timespec now_ts;
    clock_gettime(CLOCK_MONOTONIC, &now_ts);
    auto delta = std::chrono::duration_cast<std::chrono::nanoseconds>(t - Clock::now()).count();
    if (delta < 1000) delta = 1000;
    its.it_value.tv_sec = delta / 1000000000;
    its.it_value.tv_nsec = delta % 1000000000;
    timerfd_settime(tfd, 0, &its, nullptr);
  };
  auto dispatch = [&]() {
    const auto now = Clock::now();
    while (next < total && start + interval * next <= now) backlog.push_back(start + interval * next++);
    // Round robin from where the last dispatch stopped, so that every connection carries load
    // (as a client's pool would) rather than the first few only.
    for (size_t k = 0; k < conns.size(); ++k) {
      if (backlog.empty()) break;
      Conn& c = conns[(rr + k) % conns.size()];
      if (c.busy) continue;
      rr = (rr + k + 1) % conns.size();
      c.busy = true;
      c.due = backlog.front();
      backlog.pop_front();
      c.sent = Clock::now();
      if (!send_all(c.fd, req)) {
        std::fprintf(stderr, "rate: send failed\n");
        std::exit(1);
      }
    }
    if (next < total) arm(start + interval * next);
  };
  dispatch();
  epoll_event evs[64];
  char buf[65536];
  while (done < total) {
    int n = epoll_wait(ep, evs, 64, 1000);
    if (n == 0 && Clock::now() - start > std::chrono::duration<double>(seconds + 30)) {
      std::fprintf(stderr, "rate: gave up waiting for responses\n");
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (evs[i].data.u64 == UINT64_MAX) {
        uint64_t x;
        ssize_t r = ::read(tfd, &x, sizeof x);
        (void)r;
        continue;
      }
      Conn& c = conns[evs[i].data.u64];
      ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
      if (r <= 0 && !c.busy) {
        // An idle connection the server closed (e.g. its header timeout for a fresh connection
        // that has not sent a request yet): open another, as a client pool would.
        epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        c.in.clear();
        if (!open_conn(evs[i].data.u64)) {
          std::fprintf(stderr, "rate: cannot reconnect to %d\n", port);
          return 1;
        }
        continue;
      }
      if (r <= 0) {
        std::fprintf(stderr, "rate: connection closed by the server during a request\n");
        return 1;
      }
      c.in.append(buf, static_cast<size_t>(r));
      int status = 0;
      if (size_t sz = response_size(c.in, &status); sz) {
        const auto now = Clock::now();
        c.in.erase(0, sz);
        if (status != 200) errors++;
        latency.push_back(std::chrono::duration<double, std::milli>(now - c.due).count());
        service.push_back(std::chrono::duration<double, std::milli>(now - c.sent).count());
        c.busy = false;
        done++;
      }
    }
    dispatch();
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(latency.begin(), latency.end());
  std::sort(service.begin(), service.end());
  std::printf("{\"requests\":%llu,\"errors\":%llu,\"rate\":%.1f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,"
              "\"p999_ms\":%.3f,\"max_ms\":%.3f,\"service_p50_ms\":%.3f,\"service_p99_ms\":%.3f}\n",
              static_cast<unsigned long long>(done), static_cast<unsigned long long>(errors),
              static_cast<double>(done) / elapsed, pct(latency, 50), pct(latency, 90), pct(latency, 99),
              pct(latency, 99.9), latency.empty() ? 0 : latency.back(), pct(service, 50), pct(service, 99));
  return 0;
}

int run_ttft(const Args& a) {
  const int port = std::atoi(a.get("--port").c_str());
  const int requests = std::atoi(a.get("--requests", "30").c_str());
  const std::string req = build_request(a);
  std::vector<double> first, total;
  char buf[65536];
  int fd = connect_to(port);
  if (fd < 0) return 1;
  for (int i = 0; i < requests; ++i) {
    const auto t0 = Clock::now();
    if (!send_all(fd, req)) return 1;
    std::string in;
    bool seen = false;
    for (;;) {
      ssize_t r = ::recv(fd, buf, sizeof buf, 0);
      if (r <= 0) {
        std::fprintf(stderr, "ttft: connection closed\n");
        return 1;
      }
      in.append(buf, static_cast<size_t>(r));
      if (!seen && in.find("Sure") != std::string::npos) {
        seen = true;
        first.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      }
      if (in.size() >= 5 && in.compare(in.size() - 5, 5, "0\r\n\r\n") == 0) break;
    }
    total.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!seen) {
      std::fprintf(stderr, "ttft: no token in the response: %.300s\n", in.c_str());
      return 1;
    }
  }
  std::sort(first.begin(), first.end());
  std::sort(total.begin(), total.end());
  std::printf("{\"requests\":%d,\"ttft_p50_ms\":%.3f,\"ttft_p99_ms\":%.3f,\"total_p50_ms\":%.3f}\n", requests,
              pct(first, 50), pct(first, 99), pct(total, 50));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    std::fprintf(stderr, "usage: gateway_loadgen upstream|rate|ttft [options] (see the file header)\n");
    return 2;
  }
  Args a{std::vector<std::string>(argv + 2, argv + argc)};
  const std::string mode = argv[1];
  if (mode == "upstream") return run_upstream(a);
  if (mode == "rate") return run_rate(a);
  if (mode == "ttft") return run_ttft(a);
  std::fprintf(stderr, "gateway_loadgen: unknown mode '%s'\n", mode.c_str());
  return 2;
}
