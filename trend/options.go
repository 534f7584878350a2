package trend

import (
	"fmt"
	"strings"

	"github.com/gradewalk/gradewalk/scale"
)

// Format is the form of a reader's input.
type Format uint8

const (
	// FormatAuto reads JSON when the first character other than white
	// space (and a byte order mark) is '[' or '{', and CSV otherwise.
	FormatAuto Format = iota
	FormatCSV
	FormatJSON
)

var formatNames = [...]string{FormatAuto: "auto", FormatCSV: "csv", FormatJSON: "json"}

// String returns "auto", "csv" or "json".
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// Encoding is the character encoding of a reader's input.
type Encoding uint8

const (
	UTF8        Encoding = iota // the default; a leading byte order mark is skipped
	Windows1252                 // Excel's "ANSI" on Western European Windows
	ISO88591                    // Latin-1
)

var encodingNames = [...]string{UTF8: "utf-8", Windows1252: "windows-1252", ISO88591: "iso-8859-1"}

// String returns "utf-8", "windows-1252" or "iso-8859-1".
func (e Encoding) String() string {
	if int(e) < len(encodingNames) {
		return encodingNames[e]
	}
	return fmt.Sprintf("Encoding(%d)", uint8(e))
}

// ParseEncoding reads an encoding's name as String writes it, ignoring case;
// "latin1", "cp1252" and "utf8" are accepted too.
func ParseEncoding(s string) (Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "utf-8", "utf8", "":
		return UTF8, nil
	case "windows-1252", "cp1252", "windows1252":
		return Windows1252, nil
	case "iso-8859-1", "latin1", "latin-1", "iso8859-1":
		return ISO88591, nil
	}
	return 0, fmt.Errorf("trend: unknown encoding %q: want utf-8, windows-1252 or iso-8859-1", s)
}

// Dated says what an input's dates are the dates of, which decides the
// scale a family stands for.
type Dated uint8

const (
	// Publication: the date the graded report was published, the date eras
	// are dated by ([scale.Registry.InForce]). The default.
	Publication Dated = iota
	// Inspection: the date of the inspection visit
	// ([scale.Registry.InForceInspected]).
	Inspection
)

// DateOrder says how a date written with slashes orders day and month.
// Neither is guessed from the data.
type DateOrder uint8

const (
	DayMonthYear DateOrder = iota // 15/08/2019, as UK issuers write dates; the default
	MonthDayYear                  // 08/15/2019
)

// Fields names the five fields of an observation: subject, area, date,
// scale and grade. [ReadOptions] uses it twice, for the columns that hold
// them and for constants that stand in for a column, and
// [NewObservation] for the values themselves.
type Fields struct {
	Subject, Area, Date, Scale, Grade string
}

// at returns field c of f.
func (f *Fields) at(c int) *string {
	switch c {
	case colSubject:
		return &f.Subject
	case colArea:
		return &f.Area
	case colDate:
		return &f.Date
	case colScale:
		return &f.Scale
	}
	return &f.Grade
}

// GradeColumn is one of several grade columns of a wide file, each of
// which becomes an observation of its own: the Care Inspectorate's key
// questions, Ofsted's judgements, or the current and previous inspections
// of Ofsted's management information, each with its own date.
type GradeColumn struct {
	// Column is the name of the column that holds the grades.
	Column string
	// Area is the area its grades are for; "" means the column's name.
	Area string
	// Date is the name of the column that holds their dates; "" means the
	// date of the mapping ([ReadOptions].Columns.Date, or the constant).
	Date string
}

// DefaultMissing returns the values that [ReadOptions].Missing means when
// it is nil: the empty value, NA, N/A, NULL, Not applicable and "-".
func DefaultMissing() []string {
	return []string{"", "NA", "N/A", "NULL", "Not applicable", "-"}
}

// DefaultMaxRecordBytes is the longest line or CSV record, or JSON array
// element, that a [Reader] reads unless [ReadOptions].MaxRecordBytes says
// otherwise: 1 MiB. A longer one is an error wrapping
// [ErrRecordTooLong], since a line without end would otherwise take all
// the memory there is.
const DefaultMaxRecordBytes = 1 << 20

// MaxFieldBytes is the longest field a [Reader] accepts: 64 KiB. A longer
// one is a [*RowError] wrapping [ErrFieldTooLong].
const MaxFieldBytes = 64 << 10

// ReadOptions say how [NewReader] reads its input. The zero value reads
// CSV or JSON in UTF-8 with the columns subject, area, date, scale and
// grade, resolving scales in the default registry; every field is
// optional.
type ReadOptions struct {
	// Format is FormatAuto, FormatCSV or FormatJSON.
	Format Format
	// Delimiter separates CSV fields. Zero means: the X of a first line
	// "sep=X" (as Excel writes it) if there is one, else whichever of ',',
	// ';', tab and '|' splits the header into the most of the columns
	// sought, ',' when none does better. It may be any character but '"',
	// '\r', '\n' and U+FFFD.
	Delimiter rune
	// SkipLines is the number of lines before the CSV header to skip: a
	// title and notes above the table, as spreadsheets export them.
	SkipLines int
	// Encoding is the input's character encoding (UTF-8 when zero).
	Encoding Encoding
	// Registry holds the scales and families; nil means [scale.Default].
	Registry *scale.Registry

	// Columns names the columns that hold each field, matched without
	// regard to case or surrounding space; a field left "" is sought
	// under its own name ("subject", "area", …).
	Columns Fields
	// Constants gives a field one value for every record instead of a
	// column: Scale: "ofsted-schools", Area: "overall".
	Constants Fields
	// Grades, when not empty, reads a wide file: each of these columns
	// holds grades, and each record gives one observation per column. The
	// area of each comes from its GradeColumn, so Columns.Area and
	// Columns.Grade are not used.
	Grades []GradeColumn

	// DateOrder says how dates with slashes are written.
	DateOrder DateOrder
	// Dated says whether dates are publication dates (the default) or
	// inspection dates; it decides which scale a family stands for.
	Dated Dated

	// Missing lists the grade values that mean "no grade": a record whose
	// grade is one of them (matched without regard to case or surrounding
	// space) is skipped, counted in [Reader.Skipped], and is not an error.
	// Nil means [DefaultMissing]; an empty, non-nil list means none. A
	// value that is a label of the record's scale is read as that label.
	Missing []string
	// Recode maps grade texts, matched without regard to case or
	// surrounding space, to the label (or alias or code) to read instead:
	// "School remains Good" → "Good". A recoded grade is read as if the
	// file had said so; use it only where the publisher states that the
	// outcome carries that grade (Ofsted's short inspections confirm the
	// previous grade, for example), never to guess a grade.
	Recode map[string]string

	// Areas renames areas as they are read ("effectiveness" →
	// "overall"), so that the areas of different eras can form one
	// series. See [AreaMap].
	Areas AreaMap
	// FoldCase makes subjects and areas that differ only in case or in
	// white space one subject or area: "Leicestershire" and
	// "LEICESTERSHIRE  " are one, written as first met.
	FoldCase bool

	// MaxRecordBytes bounds a line, a CSV record or a JSON array element;
	// zero means DefaultMaxRecordBytes.
	MaxRecordBytes int
}

// AreaMap renames areas: the key is an area as read, the value the area
// it counts as. It lets series cross a change of scale when the areas were
// renamed with it, as HMICFRS's PEEL 2021/22 replaced "effectiveness" of
// 2014 to 2019 with areas of its own: a user who judges that one of them
// continues it maps it so. Keys are matched exactly, after surrounding
// white space is removed.
type AreaMap map[string]string

// ParseAreaMap reads an area map written as "FROM=TO" pairs, as the CLI's
// -map-area flag takes them.
func ParseAreaMap(pairs []string) (AreaMap, error) {
	m := make(AreaMap, len(pairs))
	for _, p := range pairs {
		from, to, ok := strings.Cut(p, "=")
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !ok || from == "" || to == "" {
			return nil, fmt.Errorf("trend: area map %q: want FROM=TO", p)
		}
		if prev, dup := m[from]; dup && prev != to {
			return nil, fmt.Errorf("trend: area map: %q is mapped to both %q and %q", from, prev, to)
		}
		m[from] = to
	}
	return m, nil
}

// Map returns the area that area counts as.
func (m AreaMap) Map(area string) string {
	if to, ok := m[area]; ok {
		return to
	}
	return area
}

// checkDelimiter returns nil if d can separate the fields of CSV input.
func checkDelimiter(d rune) error {
	if d != '"' && d != '\r' && d != '\n' && d != 0xFFFD && d > 0 && d <= 0x10FFFF && (d < 0xD800 || d > 0xDFFF) {
		return nil
	}
	return fmt.Errorf("trend: delimiter %q: %w", d, ErrBadDelimiter)
}
