-- Cycles through the viewer ids in LT_VIEWERS, each wrk thread on its own share of the list.
local ids = {}
for line in io.lines(os.getenv("LT_VIEWERS")) do ids[#ids + 1] = line end
local threads = 0
function setup(thread)
    thread:set("tid", threads)
    threads = threads + 1
end
local n, step, path
function init(args)
    n = tonumber(tid)
    step = tonumber(os.getenv("LT_THREADS"))
    path = os.getenv("LT_PATH")
end
function request()
    local v = ids[(n % #ids) + 1]
    n = n + step
    return wrk.format("GET", path .. "?viewer=" .. v .. "&limit=20")
end
function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT requests=%d duration_us=%d socket_errors=%d non2xx=%d\n", summary.requests,
        summary.duration, e.connect + e.read + e.write + e.timeout, e.status))
    for _, p in ipairs({50, 75, 90, 95, 99, 99.9, 99.99}) do
        io.write(string.format("PCT %g %d\n", p, latency:percentile(p)))
    end
end
