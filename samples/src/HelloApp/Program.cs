Console.WriteLine(Greeter.Greeting.For(args.Length > 0 ? args[0] : "world", args.Length > 1 ? args[1] : "en"));
