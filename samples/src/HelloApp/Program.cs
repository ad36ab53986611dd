Console.WriteLine(Greeter.Greeting.For(args.Length > 0 ? args[0] : "world"));
