-- Standardreporting Optima (`iiz report`, whole period) from one or more exports of iiz
-- (`iiz export --ausgabe exporte/<register>`), e.g. several cantons together.
-- Run in the directory above `exporte/`:  duckdb < optima.sql
WITH
faelle AS (
  SELECT * FROM read_csv('exporte/*/faelle.csv', union_by_name = true, all_varchar = true)
  WHERE angebot = 'optima'
),
e AS (
  SELECT ev.typ, ev.grund, f.von, f.an
  FROM read_csv('exporte/*/ereignisse.csv', union_by_name = true, all_varchar = true) ev
  JOIN faelle f USING (fall)
)
SELECT
  count(*) FILTER (WHERE typ = 'antrag')                                 AS anmeldungen,
  count(*) FILTER (WHERE typ = 'antrag' AND von = 'iv')                  AS auftraggeber_iv,
  count(*) FILTER (WHERE typ = 'antrag' AND von = 'rav')                 AS auftraggeber_rav,
  count(*) FILTER (WHERE typ = 'antrag' AND von = 'sh')                  AS auftraggeber_sh,
  count(*) FILTER (WHERE typ = 'antrag' AND an = 'iv')                   AS auftragnehmer_iv,
  count(*) FILTER (WHERE typ = 'antrag' AND an = 'rav')                  AS auftragnehmer_rav,
  count(*) FILTER (WHERE typ = 'antrag' AND an = 'sh')                   AS auftragnehmer_sh,
  count(*) FILTER (WHERE typ = 'annahme')                                AS angenommen,
  count(*) FILTER (WHERE typ = 'ablehnung')                              AS abgelehnt,
  count(*) FILTER (WHERE typ = 'kgs_beantragt')                          AS kgs_beantragt,
  count(*) FILTER (WHERE typ = 'kgs_bewilligt')                          AS kgs_bewilligt,
  count(*) FILTER (WHERE typ = 'kgs_abgelehnt')                          AS kgs_abgelehnt,
  count(*) FILTER (WHERE typ = 'abschluss')                              AS abgeschlossen,
  count(*) FILTER (WHERE typ = 'abschluss' AND an = 'iv')                AS abgeschlossen_iv,
  count(*) FILTER (WHERE typ = 'abschluss' AND an = 'rav')               AS abgeschlossen_rav,
  count(*) FILTER (WHERE typ = 'abschluss' AND an = 'sh')                AS abgeschlossen_sh,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'erfolgreich')    AS erfolgreich,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'teilweise')      AS teilweise,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'nicht-umgesetzt') AS nicht_umgesetzt,
  count(*) FILTER (WHERE typ = 'abschluss' AND grund = 'sonstige')       AS sonstige
FROM e;
