"""The agreements: the MOU register, its rules and commands, reviews and the calendar,
the clause library, composition, draft documents and version comparison."""
