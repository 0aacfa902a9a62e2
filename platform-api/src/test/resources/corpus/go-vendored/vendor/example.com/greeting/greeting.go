// Package greeting greets; vendored from the team's own module.
package greeting

// For answers the greeting for a dyno.
func For(dyno string) string {
	if dyno == "" {
		dyno = "local"
	}
	return "hello from " + dyno + " (greeting v1.0.0, vendored)"
}
