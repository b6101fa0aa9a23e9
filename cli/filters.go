package cli

// runFiltersCmd runs `jwtriage filters`.
func runFiltersCmd(args []string, s Streams) error {
	return usagef("filters: not built yet")
}
