-- wrk: GET one path with the token from the environment (for /health the token is ignored).
local token = os.getenv("CASELOG_TOKEN")
function request()
    return wrk.format("GET", os.getenv("BENCH_PATH"), { ["Authorization"] = "Bearer " .. token })
end
function done(summary, latency, requests)
    io.write(string.format("non-2xx answers: %d\n", summary.errors.status))
end
