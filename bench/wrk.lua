-- wrk script for the benchmark: optional POST body, unique idempotency keys,
-- and a JSON summary on the last line of the output.
--   BENCH_BODY      file whose bytes are POSTed (else GET)
--   BENCH_KEY_PREFIX  when set, "__KEY__" in the body becomes a fresh key per request
local body = nil
local prefix = os.getenv("BENCH_KEY_PREFIX")
local path = os.getenv("BENCH_BODY")
if path and path ~= "" then
  local file = assert(io.open(path, "rb"))
  body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.body = body
end

local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function request()
  if prefix and prefix ~= "" and body then
    counter = counter + 1
    local key = string.format("%s-%d-%d", prefix, thread_id, counter)
    return wrk.format(nil, nil, nil, (body:gsub("__KEY__", key)))
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "non_2xx": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, errors.status,
    errors.connect, errors.read, errors.write, errors.timeout))
end
