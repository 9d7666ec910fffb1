-- The key words linked to the glossary where each page first uses them, for both renderers: Quarto runs this
-- filter (`filters:` in _quarto.yml) and the built-in renderer passes the same file to pandoc.
--
-- The words, their glossary anchors and the glossary page are not written here: they come from
-- rssreview.present.glossary (KEY_TERMS, anchor(), the glossary page), which writes them as JSON to the file
-- named by the metadata key `rss-glossary-links` (set in _quarto.yml; written by the pre-render step
-- `rssreview assets` and by the built-in renderer). A relative name is read from the project folder.
--
-- Rules (CONTRIBUTING.md, "Key words link to the glossary"):
-- * a chapter's first use of each word in its body text becomes a link, at most one link per word a chapter;
--   "long-term segregation" is matched before "segregation", and a "segregation" inside that phrase is not
--   a use of "segregation";
-- * whole words, any case, with a plural "s" ("restraints"), never another form ("restrained");
-- * never inside a heading, a link, code, raw markup, an image's alt text, a figure, a table's header row, or
--   italics (which mark the names of reports and themes);
-- * a word the chapter already links to its glossary entry is not linked again;
-- * a name that holds key words (`names`: the review's, in every report title) is no use of them;
-- * a chapter that holds an element with the `skip` class (the glossary, the landing page's key words, the
--   Easy Read words) defines the words itself and gets no links; that class is removed from the output.
-- A chapter starts at each level-1 heading, so the PDF, which Quarto converts as one document, counts each
-- chapter on its own. On the site a link goes to the glossary page; in the PDF to the entry inside the same
-- document, and only when Typst finds exactly one such entry there (otherwise the word stays plain).

local SETTINGS_KEY = "rss-glossary-links"

local function read_settings(meta)
  local name = meta[SETTINGS_KEY]
  if name == nil then return nil end
  name = pandoc.utils.stringify(name)
  if not pandoc.path.is_absolute(name) then
    local root = (quarto and quarto.project and quarto.project.directory) or os.getenv("QUARTO_PROJECT_DIR")
    if not root then error("glossary.lua: " .. name .. " is relative, and no project folder is known") end
    name = pandoc.path.join({ root, name })
  end
  local file = io.open(name, "r")
  if not file then
    error("glossary.lua: " .. SETTINGS_KEY .. ": expected the file `rssreview assets` writes, found nothing at " .. name)
  end
  local text = file:read("a")
  file:close()
  return pandoc.json.decode(text, false)
end

local function lower_words(text)
  local words = {}
  for word in text:gmatch("%S+") do words[#words + 1] = word:lower() end
  return words
end

-- Each term as its words in lower case ("long-term", "segregation"), longest phrase first; each name likewise.
local function prepare(settings)
  local terms, names = {}, {}
  for _, term in ipairs(settings.terms) do
    terms[#terms + 1] = { words = lower_words(term.words), anchor = term.anchor }
  end
  table.sort(terms, function(a, b)
    if #a.words ~= #b.words then return #a.words > #b.words end
    return a.anchor < b.anchor
  end)
  for _, name in ipairs(settings.names or {}) do names[#names + 1] = lower_words(name) end
  return terms, names
end

local settings, terms, names
local chapters = {}   -- per chapter: skip (bool) and linked (anchors the chapter already links to)
local chapter = 0
local linked = {}      -- anchors linked in the current chapter

local function has_class(element, class)
  for _, name in ipairs(element.classes or {}) do
    if name == class then return true end
  end
  return false
end

-- First pass: where chapters start, which of them define the words, which anchors each already links to.
local function survey(blocks)
  chapters = { [0] = { skip = false, linked = {} } }
  local current = 0
  blocks:walk({
    traverse = "topdown",
    Header = function(header)
      if header.level == 1 then
        current = current + 1
        chapters[current] = { skip = false, linked = {} }
      end
    end,
    Div = function(div)
      if has_class(div, settings.skip) then chapters[current].skip = true end
    end,
    Link = function(link)
      local fragment = link.target:match("#(.+)$")
      if fragment then chapters[current].linked[fragment] = true end
    end,
  })
end

-- A word of text with what may stand around it: "(restraint," is "(", "restraint", ",". With `plural`, a
-- trailing "s" belongs to the word. A letter, digit or hyphen next to the word makes it another word
-- ("restrained", "non-restraint").
local function split_word(text, word, plural)
  local start, finish = text:lower():find(word, 1, true)
  if not start then return nil end
  local before = text:sub(1, start - 1)
  if before:find("[%w%-]") then return nil end
  if plural and text:sub(finish + 1, finish + 1):lower() == "s" then finish = finish + 1 end
  local after = text:sub(finish + 1)
  if after:sub(1, 1):find("[%w%-]") then return nil end
  return before, text:sub(start, finish), after
end

local function target(anchor)
  return settings.page .. "#" .. anchor
end

local function link_for(anchor, content)
  if FORMAT:match("typst") then
    -- Typst fails on a link to a missing label: link only when the entry is in this document, once.
    local label = "<" .. anchor .. ">"
    local text = pandoc.utils.stringify(content)
    return pandoc.RawInline(
      "typst",
      "#context { if query(" .. label .. ").len() == 1 { link(" .. label .. ")[" .. text .. "] } else [" .. text .. "] }"
    )
  end
  return pandoc.Link(content, target(anchor))
end

local function is_gap(element)
  return element and (element.t == "Space" or element.t == "SoftBreak")
end

-- The words of a phrase at list[i] (Str elements with a space or line break between them), split as
-- split_word splits them: the text before the first word, each word as written, the text after the last, and
-- how many elements the phrase takes; nil if the phrase is not there.
local function phrase_at(list, i, words, plural)
  local n = #words
  local parts = {}
  for w = 1, n do
    local element = list[i + 2 * (w - 1)]
    if not element or element.t ~= "Str" or (w > 1 and not is_gap(list[i + 2 * w - 3])) then return nil end
    local before, word, after = split_word(element.text, words[w], plural and w == n)
    if not word or (w > 1 and before ~= "") or (w < n and after ~= "") then return nil end
    if w == 1 then parts.before = before end
    if w == n then parts.after = after end
    parts[w] = word
  end
  return parts, 2 * n - 1
end

-- The term at list[i], if any, with its parts (phrase_at) and how many elements it takes.
local function match_at(list, i)
  for _, term in ipairs(terms) do
    local parts, taken = phrase_at(list, i, term.words, true)
    if parts then return term, parts, taken end
  end
  return nil
end

-- How many elements a name ("Restraint, segregation and seclusion review") takes from list[i], or nil.
local function name_at(list, i)
  for _, words in ipairs(names) do
    local parts, taken = phrase_at(list, i, words, false)
    if parts then return taken end
  end
  return nil
end

local walk_blocks

-- Inline elements whose words are body text. Emph is not among them: italics mark the names of reports and
-- themes here ("*Restraint, segregation and seclusion review*"), which are no use of a word.
local CONTAINERS = {
  Strong = true, Underline = true, Strikeout = true, Superscript = true, Subscript = true,
  SmallCaps = true, Quoted = true, Span = true,
}

local function walk_inlines(list)
  local out = pandoc.Inlines({})
  local i = 1
  while i <= #list do
    local term, parts, taken = match_at(list, i)
    local name = name_at(list, i)
    if name then
      for k = i, i + name - 1 do out:insert(list[k]) end
      i = i + name
    elseif term then
      if linked[term.anchor] then
        -- Already linked in this chapter: keep the words; a longer phrase still hides its shorter term.
        for k = i, i + taken - 1 do out:insert(list[k]) end
      else
        linked[term.anchor] = true
        local content = pandoc.Inlines({})
        for w = 1, #term.words do
          if w > 1 then content:insert(pandoc.Space()) end
          content:insert(pandoc.Str(parts[w]))
        end
        if parts.before ~= "" then out:insert(pandoc.Str(parts.before)) end
        out:insert(link_for(term.anchor, content))
        if parts.after ~= "" then out:insert(pandoc.Str(parts.after)) end
      end
      i = i + taken
    else
      local element = list[i]
      if CONTAINERS[element.t] then
        element.content = walk_inlines(element.content)
      elseif element.t == "Note" then
        element.content = walk_blocks(element.content)
      end
      out:insert(element)
      i = i + 1
    end
  end
  return out
end

local function walk_rows(rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      cell.contents = walk_blocks(cell.contents)
    end
  end
  return rows
end

-- Removes the marker class; a Div left with nothing else to say is replaced by its content.
local function without_marker(block)
  if not has_class(block, settings.skip) then return { block } end
  local kept = pandoc.List({})
  for _, name in ipairs(block.classes) do
    if name ~= settings.skip then kept:insert(name) end
  end
  block.classes = kept
  if block.t == "Div" and #kept == 0 and block.identifier == "" and #block.attributes == 0 then
    return block.content
  end
  return { block }
end

function walk_blocks(blocks)
  local out = pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    local t = block.t
    if t == "Header" then
      if block.level == 1 then
        chapter = chapter + 1
        linked = {}
        for anchor in pairs(chapters[chapter].linked) do linked[anchor] = true end
      end
    elseif chapters[chapter].skip then
      -- a chapter that defines the words itself: only the marker class goes
      if t == "Div" then block.content = walk_blocks(block.content) end
    elseif t == "Para" or t == "Plain" then
      block.content = walk_inlines(block.content)
    elseif t == "LineBlock" then
      for k, line in ipairs(block.content) do block.content[k] = walk_inlines(line) end
    elseif t == "Div" or t == "BlockQuote" then
      block.content = walk_blocks(block.content)
    elseif t == "BulletList" or t == "OrderedList" then
      local items = block.content
      for k, item in ipairs(items) do items[k] = walk_blocks(item) end
      block.content = items
    elseif t == "DefinitionList" then
      local items = block.content
      for _, item in ipairs(items) do
        item[1] = walk_inlines(item[1])
        for k, definition in ipairs(item[2]) do item[2][k] = walk_blocks(definition) end
      end
      block.content = items
    elseif t == "Table" then
      -- the header row is left alone; the caption, the body rows and the foot are text
      block.caption.long = walk_blocks(block.caption.long)
      local bodies = block.bodies
      for _, body in ipairs(bodies) do body.body = walk_rows(body.body) end
      block.bodies = bodies
      block.foot.rows = walk_rows(block.foot.rows)
    end
    -- Figure, CodeBlock, RawBlock, HorizontalRule: no body text to link
    if t == "Div" then
      out:extend(without_marker(block))
    else
      out:insert(block)
    end
  end
  return out
end

function Pandoc(doc)
  settings = read_settings(doc.meta)
  if settings == nil then return nil end
  terms, names = prepare(settings)
  survey(doc.blocks)
  chapter, linked = 0, {}
  for anchor in pairs(chapters[0].linked) do linked[anchor] = true end
  doc.blocks = walk_blocks(doc.blocks)
  return doc
end
