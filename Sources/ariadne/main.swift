print("ariadne: under construction")
