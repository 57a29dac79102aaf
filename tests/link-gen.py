#!/usr/bin/env python3
# link-gen.py - a registry and documents that try the linking rule (SPEC 7)
#
#   tests/link-gen.py SEED HOUSEHOLDS DOCS OUTDIR
#
# Writes OUTDIR/registry.csv (HOUSEHOLDS households of 1 to 5 persons,
# near-duplicate names on purpose: surnames and given names one letter
# apart, persons born the same day with names one letter apart in other
# households, namesakes, many households sharing an address), and
# OUTDIR/moves.csv (a later registry file in which 3% of the persons moved,
# with a since date), and OUTDIR/docs/N.txt plus OUTDIR/docs/N.fields for
# DOCS documents, and OUTDIR/truth.tsv: document, kind, the household it
# belongs to, and whether the rule can file it ("file") or must not
# ("review").  Deterministic for a SEED: the same files every run.
#
# Kinds of document (the subject is one registered person):
#   nid        their valid national number, no name
#   nb         their name and birth date
#   nb_ocr1    their name with one letter read wrong, and birth date
#   nb_ocr2    their name with two letters read wrong (must not file)
#   nb_other   their name and birth date, and another registered person's
#              name (a landlord, a signatory) without birth date
#   nb_twin    their name and birth date, and they have a near twin: born
#              the same day, name one letter apart, another household
#   name_only  their name and address, no birth date (must not file)
#   birth_only their birth date and address, no name (must not file)
#   cross      their name and another person's birth date (must not file)
#   ocr_other  their birth date and their name read wrong into another
#              registered person's name (must not file)
import os
import random
import sys
import unicodedata

SURNAMES = """Dubois Dupont Dupond Lambert Peeters Peters Janssens Janssen
Maes Maas Jacobs Jacob Mertens Martens Willems Wellens Claes Claus Goossens
Goosens Wouters Woulters Dumont Dumon Leclercq Leclerc Lemaire Lemaitre
Martin Marten Simon Simons Laurent Laurant Renard Reynard Hermans Hermens
Vermeulen Vermeule Desmet Desmedt Michel Michels Van den Broeck Van den
Brouck De Smet De Smedt El Amrani El Amrane Benali Benaly Nguyen Nguyên
Bernard Bertrand Lefebvre Lefevre Denis Dennis Dubuisson Dubusson Fontaine
Fontane Gerard Girard Henry Henri Lejeune Lejuene Mathieu Mathieux Noel
Nowel Petit Pettit Robert Roberts Thomas Tomas Vincent Vinsent Bogaert
Bogaerts Claeys Claessens Coppens Coppins Declercq Declerck Verhoeven
Verhoven Aerts Aertz Segers Seghers Smets Smits Stevens Stevenz Thys Thijs
Van Damme Van Dam Verbeke Verbeek Vandenberghe Vandenberg Pauwels Pauwel
Hendrickx Hendrikx Jansen Jonsen Martinez Martines Garcia Garsia Rossi
Russo Yilmaz Yildiz Kaya Kara Diallo Diallou Benoit Benoît""".split()
GIVEN = """Jean Joan Juan Marie Maria Mario Marc Mare Luc Lue Anne Anna Annie
Jan Jen Pieter Peter Pierre Sophie Sofie Sophia Emma Emme Lotte Lotta Koen
Kaan Sarah Sara Bao Bai Thi Lan Youssef Yousef Fatima Fatma Sami Samir Nour
Noor Kevin Kelvin Josiane Josiana Griet Greet Marc-Antoine Jean-Pierre
Thomas Tomas Lucas Lukas Louis Luis Lea Leo Nina Nino Paul Pauw Eva Ava Ali
Alia Hugo Hugues Ines Inès Julie Julia Elise Eliza Victor Viktor Noah Noé
Arthur Artur Laura Lara Olivia Olivier Mila Milo Jules Julien""".split()
STREETS = """Rue de la Victoire|Sleepstraat|Chaussée de Gand|Rue Saint-Gilles
Lange Kievitstraat|Rue Blaes|Brugsesteenweg|Avenue Louise|Kerkstraat
Rue Haute|Stationsstraat|Rue Neuve|Markt|Dorpsstraat|Rue du Moulin
Chaussée de Waterloo|Boulevard Anspach|Grote Markt|Rue des Champs
Nieuwstraat""".replace("\n", "|").split("|")
CITIES = ["1000 Bruxelles", "1060 Saint-Gilles", "1080 Molenbeek",
    "9000 Gent", "2018 Antwerpen", "4000 Liège", "3000 Leuven",
    "5000 Namur", "7000 Mons", "8000 Brugge"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre"]
MONTHS_NL = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
    "augustus", "september", "oktober", "november", "december"]
OCR = {"a": "o", "o": "a", "e": "c", "c": "e", "i": "l", "l": "i", "n": "u",
    "u": "n", "m": "n", "b": "h", "h": "b", "r": "t", "t": "r", "s": "e",
    "d": "a", "g": "q", "y": "v", "v": "y", "k": "h", "p": "o", "f": "t",
    "j": "i", "z": "s", "w": "v"}


def niss(y, m, d, serial):
    base = int("%02d%02d%02d%03d" % (y % 100, m, d, serial))
    check = 97 - ((2000000000 + base) % 97 if y >= 2000 else base % 97)
    return "%02d%02d%02d%03d%02d" % (y % 100, m, d, serial, check)


def fold(s):
    """S as the matcher sees it: lower case, no accents"""
    return "".join(c for c in unicodedata.normalize("NFKD", s.lower())
                   if not unicodedata.combining(c))


def misread(rng, name, n, avoid):
    """NAME with N letters (in words of 3 or more) read wrong, not in AVOID"""
    for _ in range(50):
        chars = list(name)
        # letters of words of 3 letters or more only
        ok = []
        pos = 0
        for w in name.replace("-", " ").split(" "):
            if len(w) >= 3:
                ok += [pos + i for i, c in enumerate(w) if c.lower() in OCR]
            pos += len(w) + 1
        if len(ok) < n:
            return None
        for i in rng.sample(ok, n):
            c = chars[i]
            r = OCR[c.lower()]
            chars[i] = r.upper() if c.isupper() else r
        out = "".join(chars)
        if fold(out) not in avoid:
            return out
    return None


def main():
    seed, nhh, ndocs, out = int(sys.argv[1]), int(sys.argv[2]), \
        int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    os.makedirs(out + "/docs", exist_ok=True)
    used = set()
    persons = []        # dicts: hh, nid, sur, giv, birth, addr
    households = []
    naddr = max(1, nhh // 3)        # three households an address
    addrs = ["%s %d, %s" % (rng.choice(STREETS), rng.randint(1, 250),
             rng.choice(CITIES)) for _ in range(naddr)]

    def new_person(hh, sur, giv, birth=None):
        while True:
            if birth is None:
                y = rng.randint(1930, 2024)
                m = rng.randint(1, 12)
                d = rng.randint(1, 28)
            else:
                y, m, d = birth
            serial = rng.randint(1, 998)
            n = niss(y, m, d, serial)
            if n not in used:
                used.add(n)
                break
        p = {"hh": hh, "nid": n, "sur": sur, "giv": giv,
             "birth": (y, m, d), "addr": hh_addr[hh]}
        persons.append(p)
        return p

    hh_addr = {}
    for h in range(nhh):
        ref = "HH-%05d" % (h + 1)
        households.append(ref)
        hh_addr[ref] = rng.choice(addrs)
        sur = rng.choice(SURNAMES)
        for k in range(rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])):
            s = sur if k == 0 or rng.random() < 0.7 else \
                rng.choice(SURNAMES)
            new_person(ref, s, rng.choice(GIVEN))
    # near twins: born the same day, one letter apart, another household
    twins = {}
    for p in rng.sample(persons, len(persons) // 50):
        g = misread(rng, p["giv"], 1, set())
        if g is None:
            continue
        q = new_person(rng.choice(households), p["sur"], g, p["birth"])
        twins[id(p)] = q
        twins[id(q)] = p
    names = {}
    for p in persons:
        names.setdefault(fold(p["sur"] + " " + p["giv"]), []).append(p)

    def person_row(p, since=""):
        y, m, d = p["birth"]
        return "%s;%s;%s;%s;%04d-%02d-%02d;%s;%s\n" % (p["hh"], p["nid"],
            p["sur"], p["giv"], y, m, d, p["addr"], since)

    with open(out + "/registry.csv", "w") as f:
        f.write("household;national_id;surname;given_name;birth_date;"
                "address;since\n")
        for p in persons:
            f.write(person_row(p, "2015-01-01"))
    movers = rng.sample(persons, len(persons) * 3 // 100)
    with open(out + "/moves.csv", "w") as f:
        f.write("household;national_id;surname;given_name;birth_date;"
                "address;since\n")
        for p in movers:
            p["hh"] = rng.choice(households)
            p["addr"] = hh_addr[p["hh"]]
            f.write(person_row(p, "2025-%02d-01" % rng.randint(1, 12)))

    def date_words(birth):
        y, m, d = birth
        return rng.choice([
            "né le %02d/%02d/%04d" % (d, m, y),
            "née le %d %s %d" % (d, MONTHS_FR[m - 1], y),
            "geboren op %02d-%02d-%04d" % (d, m, y),
            "geboortedatum: %d %s %d" % (d, MONTHS_NL[m - 1], y),
            "date of birth: %02d.%02d.%04d" % (d, m, y),
        ])

    def name_words(sur, giv):
        return rng.choice([
            "Monsieur %s %s" % (giv, sur.upper()),
            "Madame %s %s" % (giv, sur),
            "%s, %s" % (sur.upper(), giv),
            "Naam: %s %s" % (sur, giv),
            "Dhr. %s %s" % (giv, sur),
            "Travailleur : %s %s" % (giv, sur),
        ])

    kinds = ["nid", "nb", "nb", "nb_ocr1", "nb_ocr2", "nb_other", "nb_twin",
             "name_only", "birth_only", "cross", "ocr_other"]
    twin_list = [p for p in persons if id(p) in twins]
    truth = open(out + "/truth.tsv", "w")
    truth.write("doc\tkind\thousehold\texpect\n")
    made = 0
    while made < ndocs:
        kind = kinds[made % len(kinds)]
        p = rng.choice(twin_list if kind == "nb_twin" else persons)
        if kind != "nb_twin" and id(p) in twins:
            continue
        sur, giv, birth = p["sur"], p["giv"], p["birth"]
        expect = "file"
        lines = ["%s" % rng.choice(["Attestation", "Fiche de paie",
                 "Loonbrief", "Beslissing", "Invoice", "Décision"]),
                 "Bruxelles, le %02d/%02d/2026" % (rng.randint(1, 28),
                 rng.randint(1, 12))]
        fields = ""
        if kind == "nid":
            lines.append("NISS %s" % p["nid"])
            fields = "1\tnational_id\t%s\t%s\t1\n" % (p["nid"], p["nid"])
        elif kind in ("nb", "nb_other", "nb_twin"):
            lines += [name_words(sur, giv), p["addr"], date_words(birth)]
            if kind == "nb_other":
                q = rng.choice(persons)
                lines.append("Propriétaire / verhuurder: %s %s" %
                             (q["giv"], q["sur"]))
            if kind == "nb_twin":
                expect = "review"
        elif kind in ("nb_ocr1", "nb_ocr2"):
            k = 1 if kind == "nb_ocr1" else 2
            wrong = misread(rng, sur + " " + giv, k, set(names))
            if wrong is None:
                continue
            s2, g2 = wrong[:len(sur)], wrong[len(sur) + 1:]
            lines += [name_words(s2, g2), p["addr"], date_words(birth)]
            if k == 2:
                expect = "review"
        elif kind == "name_only":
            lines += [name_words(sur, giv), p["addr"]]
            expect = "review"
        elif kind == "birth_only":
            lines += [p["addr"], date_words(birth)]
            expect = "review"
        elif kind == "cross":
            q = rng.choice(persons)
            if q["birth"] == birth:
                continue
            lines += [name_words(sur, giv), p["addr"], date_words(q["birth"])]
            expect = "review"
        elif kind == "ocr_other":
            # p's birth date, a name one letter from p's that is exactly
            # another registered person's name
            cand = [q for q in persons if q is not p and
                    fold(q["giv"]) == fold(giv) and
                    len(fold(q["sur"])) == len(fold(sur)) and
                    sum(a != b for a, b in zip(fold(q["sur"]),
                        fold(sur))) == 1]
            if not cand:
                continue
            q = rng.choice(cand)
            lines += [name_words(q["sur"], q["giv"]), date_words(birth)]
            expect = "review"
        lines += ["Montant: %d,%02d EUR" % (rng.randint(10, 3000),
                  rng.randint(0, 99)),
                  "Période du 01/%02d/2026 au 28/%02d/2026" % (
                  rng.randint(1, 12), rng.randint(1, 12))]
        made += 1
        with open("%s/docs/%d.txt" % (out, made), "w") as f:
            f.write("\n".join(lines) + "\n")
        with open("%s/docs/%d.fields" % (out, made), "w") as f:
            f.write(fields)
        truth.write("%d\t%s\t%s\t%s\n" % (made, kind, p["hh"], expect))
    truth.close()
    print("%d households, %d persons (%d near twins, %d movers), %d "
          "addresses, %d documents" % (nhh, len(persons), len(twin_list),
          len(movers), naddr, made))


main()
