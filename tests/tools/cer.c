/*
 * cer.c - character error rate of an OCR text against its ground truth,
 * for tests/cleanup-bench.sh (a standalone tool, not part of dossier)
 *
 *	cer TRUTH OCR
 *	cer -w TRUTH OCR
 *
 * prints "EDITS LENGTH" where EDITS is the Levenshtein distance, in
 * Unicode code points, between the two texts and LENGTH the length of the
 * truth.  Both texts are normalised first: every run of white space
 * (spaces, tabs, line ends) becomes one space, leading and trailing white
 * space is dropped.  CER = EDITS / LENGTH.
 *
 * With -w, prints "MISSED WORDS": WORDS is the number of words (runs of
 * non-space bytes) of the truth, MISSED how many of them the OCR text
 * lacks, counted as multisets, whatever their order.  Unlike the CER it
 * does not charge a page whose columns the OCR engine read in another
 * order than the truth's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* load - read PATH, normalised, as code points; count in *N */
static unsigned long *
load(const char *path, size_t *n)
{
	FILE *f;
	unsigned long *cp = NULL, c;
	size_t len = 0, cap = 0;
	int ch, more, space = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	while ((ch = getc(f)) != EOF) {
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		    ch == '\f' || ch == '\v') {
			space = len > 0;
			continue;
		}
		/* decode UTF-8; a bad sequence counts as one code point */
		c = (unsigned long)ch;
		more = ch >= 0xf0 ? 3 : ch >= 0xe0 ? 2 : ch >= 0xc0 ? 1 : 0;
		if (more)
			c &= 0x3fUL >> more;
		while (more-- > 0) {
			ch = getc(f);
			if (ch == EOF || (ch & 0xc0) != 0x80) {
				if (ch != EOF)
					ungetc(ch, f);
				break;
			}
			c = c << 6 | (unsigned long)(ch & 0x3f);
		}
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 4096;
			if ((cp = realloc(cp, cap * sizeof(*cp))) == NULL) {
				perror("realloc");
				exit(2);
			}
		}
		if (space)
			cp[len++] = ' ';
		space = 0;
		cp[len++] = c;
	}
	fclose(f);
	*n = len;
	return cp;
}

/* words - the words of PATH, sorted; count in *N */
static char **
words(const char *path, size_t *n)
{
	FILE *f;
	char **w = NULL, *buf = NULL, *t;
	size_t len = 0, cap = 0, nw = 0, wcap = 0;
	int ch;

	if ((f = fopen(path, "rb")) == NULL) {
		perror(path);
		exit(2);
	}
	while ((ch = getc(f)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? 2 * cap : 4096;
			if ((buf = realloc(buf, cap)) == NULL) {
				perror("realloc");
				exit(2);
			}
		}
		buf[len++] = (char)ch;
	}
	fclose(f);
	if (buf == NULL) {
		*n = 0;
		return NULL;
	}
	buf[len] = '\0';
	for (t = strtok(buf, " \t\r\n\f\v"); t != NULL;
	    t = strtok(NULL, " \t\r\n\f\v")) {
		if (nw == wcap) {
			wcap = wcap ? 2 * wcap : 1024;
			if ((w = realloc(w, wcap * sizeof(*w))) == NULL) {
				perror("realloc");
				exit(2);
			}
		}
		w[nw++] = t;
	}
	if (nw > 0)
		qsort(w, nw, sizeof(*w), cmp_word);
	*n = nw;
	return w;		/* the words point into buf, never freed */
}

/* word_mode - print the truth words the OCR text lacks, and their number */
static int
word_mode(const char *truth, const char *ocr)
{
	char **a, **b;
	size_t na, nb, i = 0, j = 0, missed = 0;
	int c;

	a = words(truth, &na);
	b = words(ocr, &nb);
	while (i < na) {
		c = j < nb ? strcmp(a[i], b[j]) : -1;
		if (c == 0) {
			i++;
			j++;
		} else if (c < 0) {
			missed++;
			i++;
		} else
			j++;
	}
	printf("%zu %zu\n", missed, na);
	free(a);
	free(b);
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long *a, *b;
	size_t na, nb, i, j, *row, diag, up, best;

	if (argc == 4 && strcmp(argv[1], "-w") == 0)
		return word_mode(argv[2], argv[3]);
	if (argc != 3) {
		fprintf(stderr, "usage: cer [-w] truth ocr\n");
		return 2;
	}
	a = load(argv[1], &na);
	b = load(argv[2], &nb);
	if ((row = malloc((nb + 1) * sizeof(*row))) == NULL) {
		perror("malloc");
		return 2;
	}
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	printf("%zu %zu\n", row[nb], na);
	free(row);
	free(a);
	free(b);
	return 0;
}
