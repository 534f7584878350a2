// Command gradewalk compares grades from different inspectorate rating
// scales, and follows them through time, from the command line.
//
// Usage:
//
//	gradewalk scales                  the catalogue of scales
//	gradewalk show ID                 one scale in full, with its bands
//	gradewalk compare A B             two grades, "scale-id:label" each
//	gradewalk normalize [FILE|-]      add scale, label, rank, band and score to each row
//	gradewalk trend [FILE|-]          the steps, summaries or period summaries of series
//	gradewalk equate FROM TO          equate the levels of one scale to another
//
// Every subcommand takes -h. Input is CSV with a header row, or a JSON
// array of objects, with the fields subject, area, date, scale and grade;
// output is a table on a terminal and CSV otherwise, or what -format asks
// for. docs/cli.md documents the command, its output and its exit codes.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
