"""tijara: commerce platform for Moroccan SMEs."""
