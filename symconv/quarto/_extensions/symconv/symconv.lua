--[[
symconv.lua: every ```symconv block becomes an exact, term-by-term worked derivation.

A Quarto extension's filter and a plain Pandoc Lua filter (Pandoc 2.17 or later; it uses only the
Pandoc Lua API that Quarto also provides, and Quarto's own API only under `if quarto then`).
Install it with `symconv quarto install`; see the docs page platforms/quarto.md.

A document's blocks are piped to the symconv command line in one run (`symconv block --batch`:
one process, so Python's start-up is paid once), as an argument list, never through a shell:

* HTML formats (html, revealjs, slidy, ...): the block's HTML, its math as MathML (or as TeX for
  a page that loads MathJax: metadata `symconv: {math: tex}`). The stylesheet and its math font
  are added once per document: under Quarto as an HTML dependency (files beside the page), under
  plain Pandoc inlined in <head> (the font as a data: URL), so the page works offline and alone.
* every other format (LaTeX/PDF, Typst, Word, EPUB, ...): `symconv block --format markdown`,
  read back by Pandoc with raw TeX and raw HTML turned off: title, prose, the derivation as
  display math, the result and the check. Figures, tables and the exercise's answer box are HTML
  only.

Which symconv runs: the SYMCONV environment variable (a path to the executable), else the
metadata `symconv: {command: PATH}`, else `symconv` on PATH.

A bad block stops the build: symconv prints one line naming the file and line of the block, and
the filter raises an error, so pandoc (and quarto render) exits non-zero. Pandoc gives filters no
source positions: the line is found by searching the input file for the block's text (identical
blocks in order); a block that is not there (an included file, a block quote) is named by the
document alone.
]]

local VERSION = "1.0.0"
local HTML = {html = true, html4 = true, html5 = true, revealjs = true, slidy = true, slideous = true,
              dzslides = true, s5 = true, chunkedhtml = true}

local config = {command = "symconv", math = "mathml"}
local sources = nil        -- the input files' symconv blocks: {{name =, blocks = {{line =, key =}}}}
local used = {}            -- the source blocks matched so far
local html_blocks, exercise, dependencies = 0, false, {}

local function is_symconv(el)
  return el.classes:includes("symconv") or el.classes:includes("{symconv}")
end

local function is_html()
  return HTML[(FORMAT or ""):match("^[%w_]+") or ""] == true
end

-- A block's text with each run of white space as one space and blank lines at its ends dropped:
-- the same for the source and for Pandoc's code block (indentation, tabs, CR LF).
local function key(text)
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\r?\n") do
    lines[#lines + 1] = line:gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  end
  while lines[1] == "" do table.remove(lines, 1) end
  while lines[#lines] == "" do table.remove(lines) end
  return table.concat(lines, "\n")
end

-- The fenced blocks of a file whose info string names symconv (symconv, {symconv}, {.symconv}),
-- not inside another fenced block, with the line of each opening fence.
local function fences(lines)
  local found, i = {}, 1
  while i <= #lines do
    local fence, info = lines[i]:match("^[ \t]*(```+)[ \t]*([^`]*)$")
    if not fence then fence, info = lines[i]:match("^[ \t]*(~~~+)[ \t]*(.*)$") end
    if fence then
      local closing = "^[ \t]*(" .. fence:sub(1, 1) .. "+)[ \t]*$"
      local body, j = {}, i + 1
      while j <= #lines do
        local run = lines[j]:match(closing)
        if run and #run >= #fence then break end
        body[#body + 1] = lines[j]
        j = j + 1
      end
      if info:match("^{?%s*%.?([%w_-]+)") == "symconv" then
        found[#found + 1] = {line = i, key = key(table.concat(body, "\n"))}
      end
      i = j + 1
    else
      i = i + 1
    end
  end
  return found
end

local function read_file(path)
  local handle = io.open(path, "rb")
  if not handle then return nil end
  local text = handle:read("a")
  handle:close()
  return text
end

-- The files to search: Quarto's source document (Pandoc reads an intermediate copy), else the
-- files given to pandoc. Named relative to the working folder where that is shorter.
local function read_sources()
  if sources then return sources end
  sources = {}
  local names = {}
  if quarto and quarto.doc and quarto.doc.input_file then
    names = {quarto.doc.input_file}
  else
    for _, name in ipairs(PANDOC_STATE.input_files or {}) do names[#names + 1] = name end
  end
  for _, name in ipairs(names) do
    local shown = name
    if pandoc.path.is_absolute(name) then
      local relative = pandoc.path.make_relative(name, pandoc.system.get_working_directory())
      if relative and not relative:match("^%.%.") then shown = relative end
    end
    local entry = {name = shown, blocks = {}}
    local text = name ~= "-" and read_file(name) or nil
    if text then
      local lines = {}
      for line in (text:gsub("\r\n?", "\n") .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
      entry.blocks = fences(lines)
    end
    sources[#sources + 1] = entry
  end
  return sources
end

-- FILE:LINE of the first source block with this text not matched yet; the file alone when the
-- text is not found in the one input file; nil when there is no file to name.
local function locate(text)
  local wanted = key(text)
  local files = read_sources()
  for f, source in ipairs(files) do
    for b, block in ipairs(source.blocks) do
      local id = f .. ":" .. b
      if not used[id] and block.key == wanted then
        used[id] = true
        return source.name .. ":" .. block.line
      end
    end
  end
  if #files == 1 and files[1].name ~= "-" then return files[1].name end
  return nil
end

local function run(args, input)
  local ok, out = pcall(pandoc.pipe, config.command, args, input)
  if ok then return out end
  if type(out) == "table" and out.error_code then
    error("symconv: a block failed (symconv exited with status " .. tostring(out.error_code) ..
          "; its message above names the file and line of the block)", 0)
  end
  error("symconv: cannot run '" .. config.command .. "' (" .. tostring(out) .. "): install symconv " ..
        "(python -m pip install symconv) and put it on PATH, or give its path in the SYMCONV environment " ..
        "variable or the metadata symconv.command", 0)
end

local function asset(name)
  local path = pandoc.path.join({"assets", name})
  if quarto and quarto.utils and quarto.utils.resolve_path then
    path = quarto.utils.resolve_path(path)
  else
    path = pandoc.path.join({pandoc.path.directory(PANDOC_SCRIPT_FILE), path})
  end
  local data = read_file(path)
  if not data then
    error("symconv: the extension has no " .. path .. "; install it with 'symconv quarto install' " ..
          "(it copies the stylesheet, the math font and the script beside this filter)", 0)
  end
  return data
end

-- Under Quarto: the stylesheet, its font and (for exercises) the script as HTML dependencies,
-- copied beside the page once per document.
local function add_quarto_dependencies()
  if not (quarto and quarto.doc and quarto.doc.add_html_dependency) then return end
  if not dependencies.css then
    asset("symconv.css")
    asset("latinmodern-math.woff2")
    quarto.doc.add_html_dependency({
      name = "symconv", version = VERSION, stylesheets = {"assets/symconv.css"},
      resources = {{name = "latinmodern-math.woff2", path = "assets/latinmodern-math.woff2"}},
    })
    dependencies.css = true
  end
  if exercise and not dependencies.script then
    asset("symconv-selfcheck.js")
    quarto.doc.add_html_dependency({
      name = "symconv-selfcheck", version = VERSION, scripts = {"assets/symconv-selfcheck.js"},
    })
    dependencies.script = true
  end
end

local function read_config(meta)
  local conf = meta.symconv
  local environment = os.getenv("SYMCONV")
  if environment and environment ~= "" then
    config.command = environment
  elseif type(conf) == "table" and conf.command then
    -- the document names a symconv, never any other program (a document is data: its metadata
    -- must not pick what runs, e.g. python3 or sh with the arguments below)
    local command = pandoc.utils.stringify(conf.command)
    local name = pandoc.path.filename(command)
    if name ~= "symconv" and name ~= "symconv.exe" then
      error("symconv: the metadata symconv.command must be the path of a symconv executable (its name " ..
            "symconv), got '" .. command:sub(1, 80):gsub("[%c]", "?") .. "'", 0)
    end
    config.command = command
  end
  if type(conf) == "table" and conf.math then
    local math = pandoc.utils.stringify(conf.math)
    if math ~= "mathml" and math ~= "tex" then
      error("symconv: the metadata symconv.math must be mathml or tex, got '" .. math:sub(1, 40) .. "'", 0)
    end
    config.math = math
  end
end

-- The HTML of one block (Quarto's dependencies added), or its Markdown read back by Pandoc with
-- raw TeX and raw HTML off.
local function block(output, html)
  if html then
    html_blocks = html_blocks + 1
    exercise = exercise or output:find("symconv-exercise", 1, true) ~= nil
    add_quarto_dependencies()
    return pandoc.RawBlock("html", output)
  end
  local blocks = pandoc.read(output, "markdown-raw_tex-raw_html-raw_attribute").blocks
  return pandoc.Div(blocks, pandoc.Attr("", {"symconv"}))
end

-- The outputs of `symconv block --batch`: each a line with its size in bytes, then the text.
local function split_outputs(out, count)
  local outputs, at = {}, 1
  while #outputs < count do
    local size, start = out:match("^(%d+)\n()", at)
    if not size or start + tonumber(size) - 1 > #out then
      error("symconv: the output of '" .. config.command .. " block --batch' is cut short or garbled " ..
            "(an older symconv? it needs the --batch option)", 0)
    end
    outputs[#outputs + 1] = out:sub(start, start + tonumber(size) - 1)
    at = start + tonumber(size)
  end
  return outputs
end

-- All of a document's blocks in one run of symconv (one process, so its start-up is paid once),
-- then each code block replaced by its output, in the same order.
local function render(doc)
  read_config(doc.meta)
  local records = {}
  doc:walk({CodeBlock = function(el)
    if is_symconv(el) then
      local where = (locate(el.text) or ""):gsub("[\r\n]", " ")
      records[#records + 1] = where .. "\n" .. #el.text .. "\n" .. el.text
    end
  end})
  if #records == 0 then return nil end
  local html = is_html()
  local args = {"block", "--batch"}
  if html then
    args[#args + 1] = "--math"
    args[#args + 1] = config.math
  else
    args[#args + 1] = "--format"
    args[#args + 1] = "markdown"
  end
  local outputs = split_outputs(run(args, table.concat(records)), #records)
  local i = 0
  return doc:walk({CodeBlock = function(el)
    if is_symconv(el) then
      i = i + 1
      return block(outputs[i], html)
    end
  end})
end

local ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local DIGITS = {}
for i = 1, 64 do DIGITS[i - 1] = ALPHABET:sub(i, i) end

local function base64(data)
  local out, n = {}, #data
  local whole = n - n % 3
  for i = 1, whole, 3 do
    local a, b, c = data:byte(i, i + 2)
    local v = (a << 16) | (b << 8) | c
    out[#out + 1] = DIGITS[v >> 18] .. DIGITS[(v >> 12) & 63] .. DIGITS[(v >> 6) & 63] .. DIGITS[v & 63]
  end
  if n - whole == 1 then
    local v = data:byte(n) << 16
    out[#out + 1] = DIGITS[v >> 18] .. DIGITS[(v >> 12) & 63] .. "=="
  elseif n - whole == 2 then
    local a, b = data:byte(n - 1, n)
    local v = (a << 16) | (b << 8)
    out[#out + 1] = DIGITS[v >> 18] .. DIGITS[(v >> 12) & 63] .. DIGITS[(v >> 6) & 63] .. "="
  end
  return table.concat(out)
end

-- Plain Pandoc: the stylesheet (its font as a data: URL) and, for exercises, the script, once,
-- in the page's <head> (header-includes), so one HTML file works offline.
local function add_head(doc)
  if html_blocks == 0 or quarto then return nil end
  local font = "data:font/woff2;base64," .. base64(asset("latinmodern-math.woff2"))
  local css = asset("symconv.css"):gsub("latinmodern%-math%.woff2", function() return font end)
  local head = "<style>\n" .. css .. "\n</style>"
  if exercise then head = head .. "\n<script>\n" .. asset("symconv-selfcheck.js") .. "\n</script>" end
  local block = pandoc.MetaBlocks({pandoc.RawBlock("html", head)})
  local includes = doc.meta["header-includes"]
  if includes == nil then
    doc.meta["header-includes"] = pandoc.MetaList({block})
  elseif pandoc.utils.type(includes) == "List" or (type(includes) == "table" and includes.t == "MetaList") then
    includes[#includes + 1] = block
    doc.meta["header-includes"] = includes
  else
    doc.meta["header-includes"] = pandoc.MetaList({includes, block})
  end
  return doc
end

return {
  {Pandoc = render},
  {Pandoc = add_head},
}
