// Generated from docs/openapi.yaml by scripts/embed-openapi; do not edit.
// Tests/ServerTests checks that the server serves the document as it stands.

/// docs/openapi.yaml, embedded at build time so that `GET /openapi.yaml` needs no file.
enum OpenAPIDocument {
    static let text = #"""
        openapi: 3.1.0
        info:
          title: caselog serve
          version: 0.1.0
          description: |
            The routes of `caselog serve` (docs/SERVER.md). Every route but /health needs
            `Authorization: Bearer TOKEN` (`caselog token create NAME`); a client address that presents
            too many rejected tokens is answered 429 until its window passes. Errors are RFC 9457
            problem+json with the command line's one-line message (`detail`) and exit code (`exitCode`).
            A storage fault answers 500 on any route; a path or method not listed here, 404 or 405.

            How this document is checked: Tests/ServerTests/OpenAPIConformanceTests.swift fetches it from a
            running server (GET /openapi.yaml), parses it with Yams, and for every path and method checks
            that the server has that route, that every status code listed here is produced by a request
            the test builds, and that the server has no route this document does not list. Its server runs
            as behind a proxy, so that each 429 comes from a client named by X-Forwarded-For that first
            presents too many wrong tokens, while the test's other requests keep their own address.
        servers:
          - url: http://127.0.0.1:8080
        security:
          - bearer: []
        paths:
          /health:
            get:
              summary: Liveness and the log's head position; needs no token.
              security: []
              responses:
                "200":
                  description: The server answers.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          status: {type: string, const: ok}
                          head: {type: integer, description: The log's last position.}
          /metrics:
            get:
              summary: Prometheus text - events, commits, batch sizes, commit latency, subscriptions, each view's checkpoint and lag.
              responses:
                "200":
                  description: The metrics.
                  content:
                    text/plain: {}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /openapi.yaml:
            get:
              summary: This document.
              responses:
                "200":
                  description: The OpenAPI document.
                  content:
                    application/yaml: {}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/events:
            post:
              summary: Records one event line (docs/FORMAT.md section 7) or a JSON array of them, all or none, as the token's user.
              description: |
                Lines may not carry `actor`, `recordedAt`, `position` or `hash`, nor `onBehalfOf` in their
                data: on the server the actor is the token's user and the time the store's. Concurrent requests are gathered into one
                durable commit (group commit); each is answered once its own events are on the disk.
              parameters:
                - name: If-Match
                  in: header
                  description: The version the case of the request's only event must be at, quoted ("3").
                  schema: {type: string}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      oneOf:
                        - {$ref: "#/components/schemas/EventLine"}
                        - type: array
                          items: {$ref: "#/components/schemas/EventLine"}
              responses:
                "201":
                  description: Every event written (or already there with the same id and content).
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          events:
                            type: array
                            items:
                              type: object
                              properties:
                                case: {type: string}
                                version: {type: integer}
                                position: {type: integer}
                                alreadyRecorded: {type: boolean}
                          warnings:
                            description: "Only when there is one: a subject registered whose name and date of birth another subject has (a likely duplicate; recorded all the same)."
                            type: array
                            items: {type: string}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
                "413":
                  description: The body is larger than 16 MiB (exit 64); send fewer events at a time.
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
                "409":
                  description: An event's expectedVersion is not its case's version (exit 75); nothing written.
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
                "412":
                  description: The If-Match version is not the case's version; nothing written.
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
                "422":
                  description: An event was refused (catalogue, lifecycle, references), with the message `caselog record --stdin` prints; nothing written.
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
            get:
              summary: The events from a position as JSON lines without personal fields, or a live Server-Sent Events subscription.
              description: |
                With `Accept: text/event-stream` the answer stays open: each event is sent as it commits,
                `id:` its position and `data:` its line; a client resumes with `Last-Event-ID`.
              parameters:
                - {name: from, in: query, description: The first position (1 when neither from nor after is given)., schema: {type: integer, minimum: 1}}
                - {name: after, in: query, description: The position before the first (paging)., schema: {type: integer, minimum: 0}}
                - {name: limit, in: query, description: At most this many lines (1 to 10000; 1000)., schema: {type: integer, minimum: 1, maximum: 10000}}
                - {name: Last-Event-ID, in: header, description: A subscription resumes after this position., schema: {type: string}}
              responses:
                "200":
                  description: The lines, or the stream.
                  content:
                    application/x-ndjson: {}
                    text/event-stream: {}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/cases:
            get:
              summary: The cases matching a filter, as `caselog cases` prints them.
              parameters:
                - {name: type, in: query, schema: {type: string, enum: [tenancy, safeguarding, complaint, review, subject]}}
                - {name: worker, in: query, schema: {type: string}}
                - {name: state, in: query, schema: {type: string, enum: [open, closed]}}
                - {name: subject, in: query, schema: {type: string}}
                - {name: format, in: query, description: "table or json (the default).", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/subjects:
            get:
              summary: "The subjects a search finds through the blind index, as `caselog find` prints them (criteria ANDed, at least one; the search is logged)."
              parameters:
                - {name: name, in: query, description: A name, matched on its normalised form (case, accents, spaces, hyphens and apostrophes aside)., schema: {type: string}}
                - {name: dob, in: query, description: A date of birth., schema: {type: string, format: date}}
                - {name: postcode, in: query, description: A UK postcode (case and spaces aside)., schema: {type: string}}
                - {name: format, in: query, description: "table or json (the default).", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/cases/{ref}:
            get:
              summary: A case's summary, deadlines and timeline, as `caselog case REF` prints it.
              parameters:
                - {name: ref, in: path, required: true, schema: {type: string}}
                - {name: at, in: query, description: Judge open and overdue as of this date (YYYY-MM-DD)., schema: {type: string, format: date}}
                - {name: include-personal, in: query, description: true to include the personal (†) fields., schema: {type: boolean}}
                - {name: format, in: query, description: "table, json (the default), csv or markdown.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
                "404": {$ref: "#/components/responses/Problem"}
                "422":
                  description: The reference is not one (exit 65).
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
          /v1/views/{name}:
            get:
              summary: A current view, as `caselog view NAME` prints it.
              parameters:
                - {name: name, in: path, required: true, schema: {type: string, enum: [caseload, complaints-sla, safeguarding-register, actions-due]}}
                - {name: at, in: query, schema: {type: string, format: date}}
                - {name: worker, in: query, schema: {type: string}}
                - {name: format, in: query, description: "table, json (the default), csv or markdown.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/replay/{ref}:
            get:
              summary: "The panel's replay of a case, as `caselog replay REF` prints it (the HTML pack with `Accept: text/html` and no format)."
              parameters:
                - {name: ref, in: path, required: true, schema: {type: string}}
                - {name: known-at, in: query, schema: {type: string}}
                - {name: as-of, in: query, schema: {type: string}}
                - {name: gap-days, in: query, schema: {type: integer}}
                - {name: include-personal, in: query, schema: {type: boolean}}
                - {name: format, in: query, description: "text, markdown, json (the default) or html.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/reports/{name}:
            get:
              summary: A learning report for a period, as `caselog report NAME` prints it.
              parameters:
                - {name: name, in: path, required: true, schema: {type: string, enum: [complaints-performance, safeguarding-learning, tenancy-sustainment, you-said-we-did, progress]}}
                - {name: from, in: query, required: true, schema: {type: string, format: date}}
                - {name: to, in: query, required: true, schema: {type: string, format: date}}
                - {name: known-at, in: query, schema: {type: string}}
                - {name: explain, in: query, schema: {type: string}}
                - {name: periods, in: query, description: "Earlier periods shown beside a figure with a target (0–12, default 4).", schema: {type: integer, minimum: 0, maximum: 12}}
                - {name: format, in: query, description: "table, json (the default), csv, markdown or html.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/chronology/{subject}:
            get:
              summary: "Everything about one subject across cases, as `caselog chronology P-…` prints it."
              parameters:
                - {name: subject, in: path, required: true, schema: {type: string}}
                - {name: format, in: query, description: "table, json (the default), csv or markdown.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
                "404": {$ref: "#/components/responses/Problem"}
          /v1/types:
            get:
              summary: The event catalogue, as `caselog types` prints it.
              parameters:
                - {name: format, in: query, description: "text, json (the default) or markdown.", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
          /v1/types/{type}:
            get:
              summary: One event type and its fields, as `caselog types TYPE` prints it.
              parameters:
                - {name: type, in: path, required: true, schema: {type: string}}
                - {name: format, in: query, description: "text or json (the default).", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
                "422":
                  description: No such event type (exit 65); `detail` names the nearest.
                  content:
                    application/problem+json:
                      schema: {$ref: "#/components/schemas/Problem"}
          /v1/stats:
            get:
              summary: The store's statistics, as `caselog stats` prints them.
              parameters:
                - {name: format, in: query, description: "text or json (the default).", schema: {type: string}}
              responses:
                "200": {$ref: "#/components/responses/Printout"}
                "400": {$ref: "#/components/responses/Problem"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "429": {$ref: "#/components/responses/TooManyFailedTokens"}
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          responses:
            Printout:
              description: >
                What the command prints with `--format FORMAT`, byte for byte, in that format's media type;
                each note it gives on standard error is a `Caselog-Note` header, percent-encoded UTF-8.
              headers:
                Caselog-Note: {schema: {type: string}, description: A note for standard error (repeated).}
              content:
                application/json: {}
                text/plain: {}
                text/csv: {}
                text/markdown: {}
                text/html: {}
            Problem:
              description: The request was refused; `detail` and `exitCode` are the command line's.
              content:
                application/problem+json:
                  schema: {$ref: "#/components/schemas/Problem"}
            Unauthorized:
              description: No bearer token, or one unknown, revoked or expired; WWW-Authenticate is Bearer.
              content:
                application/problem+json:
                  schema: {$ref: "#/components/schemas/Problem"}
            Forbidden:
              description: >
                The token's user may not do this (docs/ACCESS.md, DOMAIN.md §9): the problem's detail names the
                rule that refused it, exitCode 77. A read of one case beyond the user's role is allowed with a
                reason in X-Caselog-Reason (break glass) and logged; an analyst asking for personal fields is refused.
              content:
                application/problem+json:
                  schema: {$ref: "#/components/schemas/Problem"}
            TooManyFailedTokens:
              description: >
                This client address presented too many rejected tokens (by default 10 within a minute of the
                first); every request from it but /health is refused, its token not checked, until
                the window passes. `exitCode` is 75: try again later.
              headers:
                Retry-After: {schema: {type: integer}, description: Seconds until the address may try again.}
              content:
                application/problem+json:
                  schema: {$ref: "#/components/schemas/Problem"}
          schemas:
            Problem:
              type: object
              required: [type, title, status, detail, exitCode]
              properties:
                type: {type: string, description: "urn:caselog:problem:KIND"}
                title: {type: string}
                status: {type: integer}
                detail: {type: string, description: The one line the command line prints.}
                exitCode: {type: integer, description: The command line's exit code (sysexits).}
            EventLine:
              type: object
              description: One event as docs/FORMAT.md section 7 writes it.
              required: [type, occurredAt]
              properties:
                type: {type: string}
                case: {type: string}
                occurredAt: {type: string, format: date-time}
                id: {type: string, format: uuid}
                expectedVersion: {type: integer}
                data: {type: object}
                personal: {type: object}
                correlationId: {type: string, format: uuid}
                causationId: {type: string, format: uuid}

        """#
}
