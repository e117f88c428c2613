-- wrk: each connection posts one event at a time and waits for its answer (a new subject, so
-- that every event opens a stream of its own, as a registration desk would), with the token
-- from the environment. Prints the count of error answers (4xx, 5xx), which must be 0.
local counter = 0
local token = os.getenv("CASELOG_TOKEN")

function setup(thread)
    thread:set("id", counter)
    counter = counter + 1
end

function init(args)
    requests = 0
end

function request()
    requests = requests + 1
    local body = string.format(
        '{"type":"subject.registered","occurredAt":"2025-03-01T09:00:00Z","data":{"kind":"person","name":"Bench Person %d-%d","dateOfBirth":"1980-01-01"}}',
        id, requests)
    return wrk.format("POST", "/v1/events", {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token,
    }, body)
end

function done(summary, latency, requests)
    io.write(string.format("error answers: %d\n", summary.errors.status))
end
