Console.WriteLine("0");
