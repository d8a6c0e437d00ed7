#!/usr/bin/env python3
"""Runs bench/report.sql in DuckDB over a register's journals; prints the rows as JSON."""
import json, sys
import duckdb

faelle = sys.argv[1]
sql = "\n".join(l for l in open(sys.argv[2]).read().splitlines() if not l.lstrip().startswith("--"))
stmts = [s for s in sql.replace("{faelle}", faelle).split(";") if s.strip()]
con = duckdb.connect()
for s in stmts[:-1]:
    con.execute(s)
print(json.dumps(con.execute(stmts[-1]).fetchall()))
