-- wrk script for scripts/bench: rotates over prepared requests, one per line of the file given
-- as the first argument: method, path, Cookie header, body (tab-separated; the last two may be
-- empty). Thread k of n sends lines k, k+n, k+2n, … so that, when the file has enough lines,
-- no line is sent twice (each submit is a different draft). At the end it prints one line of
-- figures for the script to read.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  requests = {}
  for line in io.lines(args[1]) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t?(.*)$")
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if body ~= "" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
    else
      body = nil
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  step = tonumber(args[2])
  next_line = id
end

function request()
  local r = requests[(next_line % #requests) + 1]
  next_line = next_line + step
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d bad_status=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write + e.timeout))
end
