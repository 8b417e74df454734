import Nash
@main struct NashCommand { static func main() {} }
