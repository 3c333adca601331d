-- wrk script: POST the form body in $BENCH_BODY (set by bench/run.py), with the CSRF cookie
-- in $BENCH_COOKIE that the body's csrfmiddlewaretoken matches.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
