-- The four published blocks of the Standardreporting, computed by DuckDB straight from the
-- journal files. `{faelle}` is replaced by the driver with the journal glob.
-- Output: one row per figure (kennzahl, institution, wert), nested by the driver.
CREATE TEMP TABLE e AS
SELECT filename AS fall, typ, daten
FROM read_json('{faelle}', format = 'newline_delimited', filename = true,
               columns = {nr: 'BIGINT', datum: 'DATE', typ: 'VARCHAR', daten: 'JSON'});
CREATE TEMP TABLE f AS SELECT fall, daten ->> 'von' AS von, daten ->> 'an' AS an FROM e WHERE typ = 'antrag';
CREATE TEMP TABLE x AS SELECT e.typ, e.daten, f.von, f.an FROM e JOIN f USING (fall);
SELECT 'auftraege.anmeldungen' AS kennzahl, 'total' AS institution, count(*) AS wert FROM x WHERE typ = 'antrag'
UNION ALL SELECT 'auftraege.auftraggeber', von, count(*) FROM x WHERE typ = 'antrag' GROUP BY von
UNION ALL SELECT 'auftraege.auftragnehmer', an, count(*) FROM x WHERE typ = 'antrag' GROUP BY an
UNION ALL SELECT 'prozess.angenommen', 'total', count(*) FROM x WHERE typ = 'annahme'
UNION ALL SELECT 'prozess.abgelehnt.total', 'total', count(*) FROM x WHERE typ = 'ablehnung'
UNION ALL SELECT 'prozess.abgelehnt.' || replace(daten ->> 'grund', '-', '_'), 'total', count(*) FROM x WHERE typ = 'ablehnung' GROUP BY 1
UNION ALL SELECT 'kostengutsprachen.beantragt', an, count(*) FROM x WHERE typ = 'kgs_beantragt' GROUP BY an
UNION ALL SELECT 'kostengutsprachen.bewilligt', an, count(*) FROM x WHERE typ = 'kgs_bewilligt' GROUP BY an
UNION ALL SELECT 'kostengutsprachen.abgelehnt', an, count(*) FROM x WHERE typ = 'kgs_abgelehnt' GROUP BY an
UNION ALL SELECT 'wirkungen.abgeschlossen', an, count(*) FROM x WHERE typ = 'abschluss' GROUP BY an
UNION ALL SELECT 'wirkungen.abschlussgruende.' || replace(daten ->> 'grund', '-', '_'), an, count(*) FROM x WHERE typ = 'abschluss' GROUP BY 1, an;
