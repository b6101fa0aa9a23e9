package cli

// runTokenCmd runs `jwtriage token keygen|issue|verify|decode`.
func runTokenCmd(args []string, s Streams) error {
	return usagef("token: not built yet")
}
