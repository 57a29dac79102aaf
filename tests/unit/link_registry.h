/*
 * link_registry.h - the registry the linking tests are run on (test_link.c,
 * tests/fuzz/fuzz_link.c): persons made to be confused, as registry CSVs
 */
#ifndef DOSSIER_TEST_LINK_REGISTRY_H
#define DOSSIER_TEST_LINK_REGISTRY_H

/*
 * persons (valid national numbers):
 *   Dubois Marc 1978-03-14 H1; Dupont Jean 1980-01-01 H1;
 *   Dupond Jean 1975-05-05 H2 (one letter from Dupont Jean);
 *   Martin Joan 1990-02-02 H3 and Martin Jean 1990-02-02 H4 (born the
 *   same day, one letter apart); Nguyễn Thi Lan 1985-06-06 H5;
 *   Peeters Jan 1970-07-07 H5, moves to H6 on 2026-06-01
 */
static const char reg1[] =
    "household;national_id;surname;given_name;birth_date;address;since\n"
    "H1;78031415517;Dubois;Marc;1978-03-14;Rue Haute 1, 1000 Bruxelles;\n"
    "H1;80010102184;Dupont;Jean;1980-01-01;Rue Haute 1, 1000 Bruxelles;\n"
    "H2;75050503369;Dupond;Jean;1975-05-05;Rue Haute 1, 1000 Bruxelles;\n"
    "H3;90020204751;Martin;Joan;1990-02-02;;\n"
    "H4;90020204949;Martin;Jean;1990-02-02;;\n"
    "H5;85060606134;Nguyễn;Thi Lan;1985-06-06;Kerkstraat 12, 9000 Gent;"
    "2010-01-01\n"
    "H5;70070707372;Peeters;Jan;1970-07-07;Kerkstraat 12, 9000 Gent;"
    "2010-01-01\n";
static const char reg2[] =
    "household;national_id;surname;given_name;birth_date;address;since\n"
    "H6;70070707372;Peeters;Jan;1970-07-07;Markt 1, 3000 Leuven;"
    "2026-06-01\n";

#endif
