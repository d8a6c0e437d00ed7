-- Roundtable statistics (`iiz rt report`, whole period) from one or more exports of iiz.
-- Run in the directory above `exporte/`:  duckdb < roundtable.sql
WITH
faelle AS (
  SELECT * FROM read_csv('exporte/*/faelle.csv', union_by_name = true, all_varchar = true)
  WHERE angebot = 'roundtable'
),
e AS (
  SELECT ev.typ, ev.grund, f.von
  FROM read_csv('exporte/*/ereignisse.csv', union_by_name = true, all_varchar = true) ev
  JOIN faelle f USING (fall)
)
SELECT
  count(*) FILTER (WHERE typ = 'anmeldung')                           AS anmeldungen,
  count(*) FILTER (WHERE typ = 'kein_prozess')                        AS kein_prozess,
  count(*) FILTER (WHERE typ = 'anmeldung' AND von = 'rav')           AS anmeldend_rav,
  count(*) FILTER (WHERE typ = 'anmeldung' AND von = 'iv')            AS anmeldend_iv,
  count(*) FILTER (WHERE typ = 'anmeldung' AND von = 'sh')            AS anmeldend_sh,
  count(*) FILTER (WHERE typ = 'anmeldung' AND von = 'andere')        AS anmeldend_andere,
  count(*) FILTER (WHERE typ = 'abschluss')                           AS abgeschlossen,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'arbeitsmarkt') AS arbeitsmarkt,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'loesung')     AS loesung,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'abbruch')     AS abbruch,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'andere')      AS andere,
  count(*) FILTER (WHERE typ = 'gespraech')                           AS gespraeche,
  (SELECT count(*) FROM faelle WHERE status <> 'kein-prozess')        AS begleitete_prozesse
FROM e;
