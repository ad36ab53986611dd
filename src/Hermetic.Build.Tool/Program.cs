return Hermetic.Build.Tool.HermeticCommand.Run(args);
