"""Dossier submissions per second through the real HTTP stack, against raw PostgreSQL inserts
of the same rows, measured in the same run on the same database.

- A fresh database (`BENCH_SUBMIT_URL`, default postgres://postgres@127.0.0.1:5432/
  hotro_bench_submit, dropped and created) gets the migrations and the catalog, and one
  employer with a bearer token per client. Every process (this one, `hotro`, the server)
  runs the clock from 2021-10-13 08:00, when the policies are open.
- `hotro serve` (gunicorn, `BENCH_SUBMIT_WORKERS` workers, default 4) answers C client
  threads (`BENCH_SUBMIT_CLIENTS`, default 8), each with its own `http.client` connection
  (gunicorn's sync workers close it after every answer; the client reconnects). The two
  example PDFs of every submission are uploaded first, timed apart as a side figure; a few
  untimed submissions (`BENCH_SUBMIT_WARMUP`, default 2 per worker) warm the workers up.
- The timed phase posts S dossiers (`BENCH_SUBMIT_COUNT`, default 400) of the
  suspended-contract policy, each with its own workers (`BENCH_SUBMIT_BENEFICIARIES`, default
  2, plausible national IDs never given twice) and Idempotency-Key, spread over the district
  committees (`BENCH_SUBMIT_AGENCIES`: how many, default 0 = all; 1 = all at Quận 1, where
  every submission queues on one code counter). A failed submission stops the run.
- The baseline writes the same rows again: every row the submissions wrote is read back (the
  tables are found by comparing row counts and PostgreSQL's per-table tuple counters before
  and after), then inserted into copies of those tables (`LIKE … INCLUDING ALL`, foreign keys
  added back; the counters' copies start as the originals stood before the timed phase) by C
  psycopg connections, one transaction per dossier, one plain parameterized statement per
  row, the code counter and statistics counters as the same upserts the service makes. The
  copies must then equal the originals, row for row.
- Optionally (`BENCH_SUBMIT_PROFILE=n`), 2n more submissions through Django's test client in
  this process: n timed, n under cProfile (no gunicorn, no network), and the queries of one.

    .venv/bin/python -m bench.submit
    BENCH_SUBMIT_COUNT=100 BENCH_SUBMIT_PROFILE=30 .venv/bin/python -m bench.submit

The database is dropped at the end unless `BENCH_KEEP=1`. Writes bench/results/submit.json
and bench/results/submit.md.

The modules, in the order of a run: `config` (the settings and the constants), `database`
(create, drop, the tables' counters), `jobs` (the employers, the agencies, the submissions'
bodies), `server` and `clients` (gunicorn and the HTTP load), `copies` (the tables' copies and
their comparison with the originals), `baseline` (the same rows as raw inserts), `in_process`
(the optional profile), `report` (the figures), `run` (the whole, in order).
"""
