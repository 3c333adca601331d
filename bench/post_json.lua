-- wrk script: POST the JSON body in $BENCH_BODY (set by bench/run.py) to the URL.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or '{"scores": {}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json"
