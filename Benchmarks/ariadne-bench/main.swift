print("ariadne-bench: under construction")
