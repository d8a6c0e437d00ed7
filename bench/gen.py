#!/usr/bin/env python3
"""Writes N invented OPTIMA cases (and N/10 Roundtable cases) as `iiz import` lines: all six (von, an) pairs, 3-8 events
per case, some cost approvals, applications spread over 2019-2025. Deterministic (seeded)."""
import datetime, json, random, sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
rnd = random.Random(42)
PAARE = [("iv", "rav"), ("rav", "iv"), ("iv", "sh"), ("sh", "iv"), ("rav", "sh"), ("sh", "rav")]
START = datetime.date(2019, 1, 1)
TAGE = (datetime.date(2025, 6, 30) - START).days

def ahv(serie):
    z = "756%09d" % serie
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(z))
    return "%s.%s.%s.%s%d" % (z[0:3], z[3:7], z[7:11], z[11:12], (10 - s % 10) % 10)

out = sys.stdout
w = lambda d: out.write(json.dumps(d, separators=(",", ":")) + "\n")
for i in range(n):
    von, an = PAARE[i % 6]
    ref = "c%d" % i
    d = START + datetime.timedelta(days=rnd.randrange(TAGE))
    # Invented names that repeat as real ones do (the name index is sharded by word).
    a = {"op": "antrag", "ref": ref, "von": von, "an": an, "name": "Name%d" % (i % 3001), "vorname": "Vorname%d" % (i % 701),
         "ahv": ahv(100000000 + i), "einverstaendnis": True, "ziel": "Arbeitsintegration",
         "datum": d.isoformat(), "bezug": rnd.choice([["ale"], ["wsh"], ["iv-verfahren"], []])}
    if an == "sh":
        a.update(arbeitsangebot="nicht-intakt", fallfuehrung_bestaetigt=True)
    else:
        a.update(arbeitsangebot="intakt")
    if an == "iv":
        a.update(unterstuetzungsbedarf=True)
    w(a)
    r = rnd.random()
    step = lambda: d + datetime.timedelta(days=rnd.randint(3, 40))
    if r < 0.05:
        continue  # undecided
    d = step()
    if r < 0.15:
        w({"op": "annehmen", "fall": "@" + ref, "ablehnen": rnd.choice(["keine-kapazitaet", "ziel-nicht-realisierbar", "kein-arbeitsangebot"]), "datum": d.isoformat()})
        w({"op": "anonymisieren", "fall": "@" + ref, "datum": step().isoformat()}) if r < 0.07 else None
        continue
    w({"op": "annehmen", "fall": "@" + ref, "datum": d.isoformat()})
    d = step()
    u = {"op": "uebergabe", "fall": "@" + ref, "naechstes_gespraech": (d + datetime.timedelta(days=60)).isoformat(),
         "strategie": "Eingliederungsplan", "zustimmung": True, "datum": d.isoformat()}
    if an in ("rav", "iv"):
        u["arbeitsfaehig_erklaert"] = True
    if von == "rav" and an == "sh":
        u["befreiung_bis"] = (d + datetime.timedelta(days=120)).isoformat()
    w(u)
    if rnd.random() < 0.3:
        d = step()
        w({"op": "kostengutsprache", "fall": "@" + ref, "aktion": "beantragen", "massnahme": "Kurs", "anbieter": "Anbieter AG",
           "betrag": "%d.%02d" % (rnd.randint(300, 9000), rnd.randint(0, 99)), "datum": d.isoformat()})
        d = step()
        if rnd.random() < 0.8:
            w({"op": "kostengutsprache", "fall": "@" + ref, "aktion": "bewilligen", "nr": 1, "unterzeichnet": "Leitung", "datum": d.isoformat()})
            if rnd.random() < 0.6:
                d = step()
                w({"op": "kostengutsprache", "fall": "@" + ref, "aktion": "abrechnen", "nr": 1, "betrag": "250", "datum": d.isoformat()})
        else:
            w({"op": "kostengutsprache", "fall": "@" + ref, "aktion": "ablehnen", "nr": 1, "datum": d.isoformat()})
    for _ in range(rnd.randint(0, 2)):
        d = step()
        w({"op": "standort", "fall": "@" + ref, "naechstes_gespraech": (d + datetime.timedelta(days=60)).isoformat(), "datum": d.isoformat()})
    if rnd.random() < 0.8:
        d = step() + datetime.timedelta(days=60)
        w({"op": "abschluss", "fall": "@" + ref, "grund": rnd.choice(["erfolgreich", "teilweise", "nicht-umgesetzt", "sonstige"]), "datum": d.isoformat()})

# Roundtable cases (one per ten OPTIMA cases): registration, meetings, follow-up, closure.
STELLEN = ["rav", "iv", "sh", "andere"]
for i in range(n // 10):
    ref = "r%d" % i
    d = START + datetime.timedelta(days=rnd.randrange(TAGE))
    stelle = STELLEN[i % 4]
    a = {"op": "rt-anmeldung", "ref": ref, "anmeldende_stelle": stelle, "name": "Name%d" % (i % 3001), "vorname": "Vorname%d" % (i % 701),
         "ahv": ahv(300000000 + i), "beteiligte": ["iv", "rav", "sh"], "anliegen": "Koordination",
         "einverstaendnis": True, "datum": d.isoformat()}
    if stelle == "andere":
        a["anmeldende_stelle_text"] = "Krankentaggeldversicherer"
    w(a)
    step = lambda: d + datetime.timedelta(days=rnd.randint(3, 40))
    r = rnd.random()
    if r < 0.05:
        d = step()
        w({"op": "rt-kein-prozess", "fall": "@" + ref, "grund": "geklärt", "datum": d.isoformat()})
        continue
    d = step()
    w({"op": "rt-gespraech", "fall": "@" + ref, "teilnehmer": ["IV", "RAV", "Sozialdienst"], "analyse": "Analyse",
       "ziele": "Ziele", "aufgabe": ["Abklärung|IV|%s" % (d + datetime.timedelta(days=30)).isoformat()],
       "fallfuehrung": rnd.choice(["iv", "rav", "sh"]), "datum": d.isoformat()})
    if rnd.random() < 0.5:
        d = step()
        w({"op": "rt-aufgabe", "fall": "@" + ref, "nr": 1, "erledigt": True, "datum": d.isoformat()})
    if rnd.random() < 0.4:
        d = step()
        w({"op": "rt-begleitung", "fall": "@" + ref, "notiz": "Telefon", "datum": d.isoformat()})
    if rnd.random() < 0.7:
        d = step()
        w({"op": "rt-abschluss", "fall": "@" + ref, "grund": rnd.choice(["arbeitsmarkt", "loesung", "abbruch", "andere"]), "datum": d.isoformat()})
