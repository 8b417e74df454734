import Nash
